package dev.backgroundtasks.task.removedirectory.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.backgroundtasks.api.ExitCode;

/**
 * Firefox's removeDirectory semantics ({@code BackgroundTask_removeDirectory.sys.mjs}: wait for the child,
 * remove it under its lock, then the suffixed sibling directories; never the parent, anything outside it,
 * or a file) and the rules beyond them (docs/reference/processes.md).
 */
class DirectoryPurgeTest {
    @TempDir
    Path tmp;

    private Path parent;
    private Path runtime;
    private PurgeLocks locks;
    private final List<Long> pauses = new ArrayList<>();
    private Runnable onPause = () -> { };
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void setUp() throws IOException {
        parent = Files.createDirectories(tmp.resolve("parent"));
        runtime = tmp.resolve("runtime");
        locks = new PurgeLocks(runtime);
    }

    private int run(String child, int seconds, String suffix) throws InterruptedException {
        return run(new RemoveDirectoryArguments(parent, child, seconds, suffix, OptionalInt.empty(), ""));
    }

    private int run(RemoveDirectoryArguments arguments) throws InterruptedException {
        DirectoryPurge purge = new DirectoryPurge(locks, millis -> {
            pauses.add(millis);
            onPause.run();
        }, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return purge.run(arguments);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private Path tree(String name) throws IOException {
        Path dir = Files.createDirectories(parent.resolve(name).resolve("sub"));
        Files.writeString(dir.resolve("file"), "x");
        return parent.resolve(name);
    }

    private List<String> lockFiles() throws IOException {
        if (!Files.exists(runtime)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(runtime)) {
            return s.map(p -> p.getFileName().toString()).toList();
        }
    }

    @Test
    void aPresentChildIsRemovedAtOnceAndReported() throws Exception {
        Path child = tree("child");
        assertEquals(ExitCode.SUCCESS, run("child", 10, ""));
        assertFalse(Files.exists(child));
        assertTrue(Files.isDirectory(parent), "never the parent");
        assertEquals(List.of(), pauses);
        assertEquals("removed " + parent.toRealPath().resolve("child") + " (3 entries)", out().strip());
        assertEquals(List.of(), lockFiles(), "the lock file is deleted when done");
    }

    @Test
    void aChildCreatedAfterTheStartIsWaitedForOneSecondAtATime() throws Exception {
        onPause = () -> {
            if (pauses.size() == 3) {
                try {
                    tree("late");
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        };
        assertEquals(ExitCode.SUCCESS, run("late", 10, ""));
        assertFalse(Files.exists(parent.resolve("late")));
        assertEquals(List.of(1000L, 1000L, 1000L), pauses);
    }

    @Test
    void aChildThatNeverAppearsIsGivenUpAfterSecondsPlusOne() throws Exception {
        assertEquals(ExitCode.SUCCESS, run("never", 3, ""));
        assertEquals(List.of(1000L, 1000L, 1000L, 1000L), pauses, "Firefox: retryCount * 1000 > seconds * 1000");
        assertTrue(err().contains("couldn't find"), err());
        assertEquals(List.of(), lockFiles());
    }

    @Test
    void zeroOrNegativeSecondsStillCheckOnce() throws Exception {
        assertEquals(ExitCode.SUCCESS, run("never", 0, ""));
        assertEquals(List.of(1000L), pauses);
        pauses.clear();
        assertEquals(ExitCode.SUCCESS, run("never", -5, ""));
        assertEquals(List.of(), pauses);
    }

    @Test
    void aChildWithSpacesIsRemoved() throws Exception {
        tree("a child with spaces");
        assertEquals(ExitCode.SUCCESS, run("a child with spaces", 1, ""));
        assertFalse(Files.exists(parent.resolve("a child with spaces")));
    }

    @Test
    void aChildThatIsAFileFailsWithThreeAndStays() throws Exception {
        Files.writeString(parent.resolve("child"), "not a directory");
        tree("other.abc");
        assertEquals(ExitCode.EXCEPTION, run("child", 1, ".abc"));
        assertEquals("not a directory", Files.readString(parent.resolve("child")));
        assertTrue(Files.exists(parent.resolve("other.abc")), "Firefox throws before the suffix pass");
        assertTrue(err().contains("is not a directory"), err());
        assertEquals(List.of(), lockFiles());
    }

    @Test
    void aChildThatIsALinkFailsWithThreeAndNeitherLinkNorTargetIsTouched() throws Exception {
        Path target = Files.createDirectories(tmp.resolve("target"));
        Files.writeString(target.resolve("f"), "keep");
        Files.createSymbolicLink(parent.resolve("child"), target);
        assertEquals(ExitCode.EXCEPTION, run("child", 1, ""));
        assertTrue(Files.isSymbolicLink(parent.resolve("child")));
        assertEquals("keep", Files.readString(target.resolve("f")));
    }

    @Test
    void aLinkInsideTheChildIsRemovedButItsTargetOutsideTheParentIsNot() throws Exception {
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        Files.writeString(outside.resolve("precious"), "keep");
        Path child = tree("child");
        Files.createSymbolicLink(child.resolve("sub/escape"), outside);
        assertEquals(ExitCode.SUCCESS, run("child", 1, ""));
        assertFalse(Files.exists(child, LinkOption.NOFOLLOW_LINKS));
        assertEquals("keep", Files.readString(outside.resolve("precious")));
    }

    @Test
    void theSuffixPassRemovesDirectoriesWithTheSuffixOnly() throws Exception {
        tree("child");
        tree("one.abc");
        tree("two.abc");
        tree("three.xyz");
        tree("abc");
        Files.writeString(parent.resolve("file.abc"), "a file");
        Path target = Files.createDirectories(tmp.resolve("target"));
        Files.createSymbolicLink(parent.resolve("link.abc"), target);
        assertEquals(ExitCode.SUCCESS, run("child", 1, ".abc"));
        assertFalse(Files.exists(parent.resolve("child")));
        assertFalse(Files.exists(parent.resolve("one.abc")));
        assertFalse(Files.exists(parent.resolve("two.abc")));
        assertTrue(Files.isDirectory(parent.resolve("three.xyz")));
        assertTrue(Files.isDirectory(parent.resolve("abc")), "'abc' does not end with '.abc'");
        assertEquals("a file", Files.readString(parent.resolve("file.abc")), "files are never removed");
        assertTrue(Files.isSymbolicLink(parent.resolve("link.abc")), "a link is not a directory");
        assertTrue(Files.isDirectory(target));
        assertTrue(out().contains("one.abc (3 entries)"), out());
        assertTrue(err().contains("deletion of folder two.abc - success=true"), err());
        assertEquals(List.of(), lockFiles());
    }

    @Test
    void starRemovesEveryDirectoryButNoFileNorTheParent() throws Exception {
        tree("a");
        tree("b.c");
        tree(".hidden");
        Files.writeString(parent.resolve("file"), "x");
        assertEquals(ExitCode.SUCCESS, run("absent", 0, "*"));
        try (Stream<Path> s = Files.list(parent)) {
            assertEquals(List.of("file"), s.map(p -> p.getFileName().toString()).toList());
        }
    }

    @Test
    void theSuffixPassRunsWhenTheChildNeverAppearsAndWhenItIsEmpty() throws Exception {
        tree("x.abc");
        assertEquals(ExitCode.SUCCESS, run("never", 0, ".abc"));
        assertFalse(Files.exists(parent.resolve("x.abc")));
        tree("y.abc");
        pauses.clear();
        assertEquals(ExitCode.SUCCESS, run("", 5, ".abc"));
        assertFalse(Files.exists(parent.resolve("y.abc")));
        assertEquals(List.of(), pauses, "no child, no wait");
    }

    @Test
    void anotherInstanceOnTheSameChildMakesThisOneSkipIt() throws Exception {
        Path child = tree("child");
        try (PurgeLocks.Held other = locks.tryLock(parent.toRealPath().resolve("child")).orElseThrow()) {
            assertEquals(ExitCode.SUCCESS, run("child", 5, ""));
        }
        assertTrue(Files.exists(child.resolve("sub/file")));
        assertEquals(List.of(), pauses, "skipped before waiting");
        assertTrue(err().contains("another instance is already purging"), err());
    }

    @Test
    void theSuffixPassSkipsADirectoryAnotherInstanceIsPurging() throws Exception {
        tree("busy.abc");
        tree("free.abc");
        try (PurgeLocks.Held other = locks.tryLock(parent.toRealPath().resolve("busy.abc")).orElseThrow()) {
            assertEquals(ExitCode.SUCCESS, run("", 0, ".abc"));
        }
        assertTrue(Files.exists(parent.resolve("busy.abc/sub/file")));
        assertFalse(Files.exists(parent.resolve("free.abc")));
    }

    @Test
    void twoSpellingsOfTheParentShareOneLock() throws Exception {
        tree("child");
        Path alias = Files.createSymbolicLink(tmp.resolve("alias"), parent);
        try (PurgeLocks.Held other = locks.tryLock(parent.toRealPath().resolve("child")).orElseThrow()) {
            assertEquals(ExitCode.SUCCESS, run(new RemoveDirectoryArguments(alias, "child", 1, "", OptionalInt.empty(), "")));
        }
        assertTrue(Files.exists(parent.resolve("child/sub/file")), "the lock is keyed by the real path");
    }

    @Test
    void sameNameUnderAnotherParentIsNotBlocked() throws Exception {
        tree("cache2");
        Path elsewhere = Files.createDirectories(tmp.resolve("elsewhere"));
        try (PurgeLocks.Held other = locks.tryLock(elsewhere.toRealPath().resolve("cache2")).orElseThrow()) {
            assertEquals(ExitCode.SUCCESS, run("cache2", 1, ""));
        }
        assertFalse(Files.exists(parent.resolve("cache2")), "Firefox's name-only key is not reproduced");
    }

    @Test
    void anUnusableLockDirectoryMeansTheChildIsRemovedUnlockedAndSuffixedOnesSkipped() throws Exception {
        Files.writeString(runtime, "a file where the runtime directory should be");
        tree("child");
        tree("x.abc");
        assertEquals(ExitCode.SUCCESS, run("child", 1, ".abc"));
        assertFalse(Files.exists(parent.resolve("child")), "Firefox: 'Failed to check dirLock', going on");
        assertTrue(Files.exists(parent.resolve("x.abc")), "Firefox: 'Failed to check dirlock. Skipping folder'");
    }

    @Test
    void theTestSleepComesFirst() throws Exception {
        tree("child");
        assertEquals(ExitCode.SUCCESS, run(new RemoveDirectoryArguments(parent, "child", 1, "", OptionalInt.of(1500), "")));
        assertEquals(List.of(1500L), pauses);
        assertFalse(Files.exists(parent.resolve("child")));
    }

    @Test
    void aMissingParentWithASuffixFailsAsInFirefox() throws Exception {
        Path missing = tmp.resolve("missing");
        assertEquals(ExitCode.SUCCESS, run(new RemoveDirectoryArguments(missing, "c", 0, "", OptionalInt.empty(), "")));
        assertEquals(ExitCode.EXCEPTION, run(new RemoveDirectoryArguments(missing, "c", 0, ".abc", OptionalInt.empty(), "")));
        assertFalse(Files.exists(missing));
    }

    @Test
    void realPathResolvesTheExistingPartOfAMissingPath() throws IOException {
        Path alias = Files.createSymbolicLink(tmp.resolve("alias"), parent);
        assertEquals(parent.toRealPath(), DirectoryPurge.realPath(alias));
        assertEquals(parent.toRealPath().resolve("not/yet"), DirectoryPurge.realPath(alias.resolve("not/yet")));
    }
}
