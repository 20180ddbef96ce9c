package dev.backgroundtasks.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.backgroundtasks.testing.BackgroundTaskResult;
import dev.backgroundtasks.testing.BackgroundTaskRun;
import dev.backgroundtasks.testing.RunningTask;
import dev.backgroundtasks.testing.WithInstallation;

/**
 * The toolkit tasks removeDirectory and removeProfileFiles from a forked launcher: Firefox's cases of
 * {@code test_backgroundtask_removeDirectory.js} and the rules beyond Firefox (no symbolic link followed,
 * nothing outside PARENT), then removeProfileFiles (docs/reference/tasks.md).
 */
@WithInstallation(testingTasks = true)
class RemoveDirectoryIT {

    @TempDir
    Path tmp;
    private Path parent;
    private Path runtime;

    @BeforeEach
    void directories() throws IOException {
        parent = Files.createDirectories(tmp.resolve("parent"));
        runtime = tmp.resolve("runtime"); // created 0700 by the launcher
    }

    private BackgroundTaskRun launch(String task, String... arguments) {
        List<String> all = new ArrayList<>(List.of("--backgroundtask", task));
        all.addAll(List.of(arguments));
        return BackgroundTaskRun.launcher().tmpdir(tmp).env("BACKGROUNDTASKS_RUNTIME_DIR", runtime.toString())
                .args(all.toArray(String[]::new));
    }

    /**
     * For the tests that start many launchers at once: JIT tier 1 and the serial collector give the same
     * behaviour for two thirds of the CPU, so that twenty JVMs fit the test budget on a small machine.
     * (The JVM notes the option on stderr, so only for tests that do not read stderr.)
     */
    private BackgroundTaskRun lightLaunch(String task, String... arguments) {
        return launch(task, arguments).env("JDK_JAVA_OPTIONS", "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC")
                .timeout(Duration.ofSeconds(150));
    }

    private BackgroundTaskResult removeDirectory(String... arguments) {
        return launch("removeDirectory", arguments).run();
    }

    private Path tree(Path dir) throws IOException {
        Files.createDirectories(dir.resolve("sub/deeper"));
        Files.writeString(dir.resolve("sub/deeper/file"), "x");
        Files.writeString(dir.resolve("top"), "y");
        return dir;
    }

    private List<String> purgeLockFiles() throws IOException {
        if (!Files.isDirectory(runtime)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(runtime)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("removeDirectory-")).toList();
        }
    }

    private List<String> namesIn(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void aPresentChildIsRemovedAndTheParentKept() throws Exception {
        tree(parent.resolve("child"));
        BackgroundTaskResult r = removeDirectory("--attach-console", parent.toString(), "child", "5");
        assertEquals(0, r.exitCode(), r::toString);
        assertFalse(Files.exists(parent.resolve("child")), r::toString);
        assertTrue(Files.isDirectory(parent));
        assertTrue(r.stdoutText().contains("removed " + parent.toRealPath().resolve("child") + " (5 entries)"), r::toString);
        assertEquals(List.of(), purgeLockFiles(), "the lock file is removed");
    }

    @Test
    void aChildCreatedAfterTheStartIsWaitedForAndRemoved() throws Exception {
        RunningTask w = launch("removeDirectory", "--attach-console", parent.toString(), "late", "30").start();
        awaitStderr(w, "waiting for");
        // built aside and moved in at once: the task may start removing the moment the name appears
        Path staging = tree(Files.createDirectories(parent.getParent().resolve("staging-late")));
        Files.move(staging, parent.resolve("late"), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        BackgroundTaskResult r = w.await(Duration.ofSeconds(90));
        assertEquals(0, r.exitCode(), r::toString);
        assertFalse(Files.exists(parent.resolve("late")), r::toString);
    }

    @Test
    void aChildWithSpacesIsRemovedAndNothingPrintedWithoutAttachConsole() throws Exception {
        tree(parent.resolve("a child with spaces"));
        BackgroundTaskResult r = removeDirectory(parent.toString(), "a child with spaces", "5");
        assertEquals(0, r.exitCode(), r::toString);
        assertFalse(Files.exists(parent.resolve("a child with spaces")));
        assertEquals("", r.stdoutText() + r.stderrText(), "a no-output task: " + r);
    }

    @Test
    void aChildThatNeverAppearsEndsWithZeroAfterAboutSecondsPlusOne() throws Exception {
        BackgroundTaskResult r = removeDirectory("--attach-console", parent.toString(), "never", "1");
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.stderrText().contains("couldn't find"), r::toString);
        assertTrue(r.wall().compareTo(Duration.ofMillis(1900)) >= 0, r::toString);
        assertTrue(r.wall().compareTo(Duration.ofSeconds(45)) < 0, r::toString);
        assertEquals(List.of(), namesIn(parent));
        assertEquals(List.of(), purgeLockFiles());
    }

    @Test
    void aChildThatIsAFileEndsWithThreeAndStays() throws Exception {
        Files.writeString(parent.resolve("child"), "a file");
        BackgroundTaskResult r = removeDirectory("--attach-console", parent.toString(), "child", "1");
        assertEquals(3, r.exitCode(), r::toString);
        assertEquals("a file", Files.readString(parent.resolve("child")));
        assertTrue(r.stderrText().contains("is not a directory"), r::toString);
    }

    @Test
    void theSuffixRemovesOtherDirectoriesWithItButNoFile() throws Exception {
        tree(parent.resolve("child"));
        tree(parent.resolve("one.abc"));
        tree(parent.resolve("two.abc"));
        tree(parent.resolve("keep.xyz"));
        Files.writeString(parent.resolve("file.abc"), "a file");
        BackgroundTaskResult r = removeDirectory(parent.toString(), "child", "1", ".abc");
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals(List.of("file.abc", "keep.xyz"), namesIn(parent));
        assertEquals("a file", Files.readString(parent.resolve("file.abc")));
        assertEquals(List.of(), purgeLockFiles());
    }

    @Test
    void starRemovesEveryDirectoryOfTheParentButNoFile() throws Exception {
        tree(parent.resolve("a"));
        tree(parent.resolve("b.c"));
        Files.writeString(parent.resolve("file"), "x");
        BackgroundTaskResult r = removeDirectory(parent.toString(), "absent", "0", "*");
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals(List.of("file"), namesIn(parent));
        assertTrue(Files.isDirectory(parent));
    }

    @Test
    void twentyConcurrentInstancesOnDifferentChildrenRemoveThemAll() throws Exception {
        List<CompletableFuture<BackgroundTaskResult>> runs = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            tree(parent.resolve("child" + i));
            BackgroundTaskRun l = lightLaunch("removeDirectory", parent.toString(), "child" + i, "5");
            runs.add(CompletableFuture.supplyAsync(l::run, runner()));
        }
        for (CompletableFuture<BackgroundTaskResult> run : runs) {
            BackgroundTaskResult r = run.get(180, TimeUnit.SECONDS);
            assertEquals(0, r.exitCode(), r::toString);
        }
        assertEquals(List.of(), namesIn(parent));
        assertEquals(List.of(), purgeLockFiles());
    }

    @Test
    void ofTwoInstancesOnTheSameChildOnePurgesAndTheOtherSkips() throws Exception {
        RunningTask first = launch("removeDirectory", "--attach-console", parent.toString(), "child", "30").start();
        awaitStderr(first, "waiting for"); // it holds the child's lock and waits for the child
        BackgroundTaskResult second = removeDirectory("--attach-console", parent.toString(), "child", "30");
        assertEquals(0, second.exitCode(), second::toString);
        assertTrue(second.stderrText().contains("another instance is already purging"), second::toString);
        assertFalse(second.stdoutText().contains("removed"), second::toString);
        tree(parent.resolve("child"));
        BackgroundTaskResult purged = first.await(Duration.ofSeconds(90));
        assertEquals(0, purged.exitCode(), purged::toString);
        assertTrue(purged.stdoutText().contains("removed " + parent.toRealPath().resolve("child")), purged::toString);
        assertFalse(Files.exists(parent.resolve("child")));
        assertEquals(List.of(), purgeLockFiles());
    }

    @Test
    void badArgumentsEndWithThreeAndRemoveNothing() throws Exception {
        tree(parent.resolve("child"));
        String p = parent.toString();
        List<List<String>> cases = List.of(List.of(), List.of(p), List.of(p, "child"),
                List.of(p, "child", "1", ".abc", "extra"), List.of(p, "child", "1", "--test-sleep"),
                List.of(p, "../parent", "1"));
        List<CompletableFuture<BackgroundTaskResult>> runs = new ArrayList<>();
        for (List<String> arguments : cases) {
            BackgroundTaskRun l = lightLaunch("removeDirectory", arguments.toArray(String[]::new));
            runs.add(CompletableFuture.supplyAsync(l::run, runner()));
        }
        for (int i = 0; i < cases.size(); i++) {
            List<String> arguments = cases.get(i);
            BackgroundTaskResult r = runs.get(i).get(180, TimeUnit.SECONDS);
            assertEquals(3, r.exitCode(), () -> arguments + ": " + r);
        }
        assertTrue(Files.exists(parent.resolve("child/sub/deeper/file")));
        assertTrue(Files.isDirectory(tmp.resolve("parent")));
    }

    @Test
    void aLinkInsideTheChildToADirectoryOutsideTheParentIsRemovedAndItsTargetKept() throws Exception {
        Path outside = Files.createDirectories(tmp.resolve("outside/data"));
        Files.writeString(outside.resolve("precious"), "keep");
        Path child = tree(parent.resolve("child"));
        Files.createSymbolicLink(child.resolve("sub/escape"), outside.getParent());
        Files.createSymbolicLink(child.resolve("file-link"), outside.resolve("precious"));
        BackgroundTaskResult r = removeDirectory(parent.toString(), "child", "1");
        assertEquals(0, r.exitCode(), r::toString);
        assertFalse(Files.exists(child, LinkOption.NOFOLLOW_LINKS));
        assertEquals("keep", Files.readString(outside.resolve("precious")));
    }

    @Test
    void removeProfileFilesRemovesAnUnlockedProfileAndItsLocalDirectory() throws Exception {
        Path root = tree(tmp.resolve("profiles/p.default"));
        Path local = tree(tmp.resolve("cache/p.default"));
        BackgroundTaskResult r = launch("removeProfileFiles", root.toString(), local.toString(), "5").run();
        assertEquals(0, r.exitCode(), r::toString);
        assertFalse(Files.exists(root));
        assertFalse(Files.exists(local));
        assertTrue(Files.isDirectory(tmp.resolve("profiles")));
    }

    @Test
    void removeProfileFilesLeavesAProfileLockedPastTheTimeoutAndEndsWithThree() throws Exception {
        Path root = tree(tmp.resolve("profiles/p.default"));
        Path local = tree(tmp.resolve("cache/p.default"));
        try (FileChannel channel = FileChannel.open(root.resolve(".parentlock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE); FileLock lock = channel.lock()) {
            BackgroundTaskResult r = launch("removeProfileFiles", "--attach-console", root.toString(), local.toString(), "1").run();
            assertEquals(3, r.exitCode(), r::toString);
            assertTrue(r.stderrText().contains("Failed to remove profile directories"), r::toString);
            assertTrue(r.stderrText().contains("still locked"), r::toString);
            assertTrue(r.wall().compareTo(Duration.ofMillis(900)) >= 0, r::toString);
        }
        assertTrue(Files.exists(root.resolve("sub/deeper/file")));
        assertTrue(Files.exists(root.resolve("top")));
        assertTrue(Files.exists(local.resolve("sub/deeper/file")));
    }

    private static java.util.concurrent.Executor runner() {
        return r -> {
            Thread t = new Thread(r, "launch");
            t.setDaemon(true);
            t.start();
        };
    }

    /** Waits for the task to reach a point it prints on stderr. */
    private static void awaitStderr(RunningTask task, String text) {
        task.awaitStderrLine(line -> line.contains(text), Duration.ofSeconds(60))
                .orElseThrow(() -> new AssertionError("no '" + text + "' on stderr: " + task));
    }
}
