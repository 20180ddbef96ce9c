package dev.backgroundtasks.task.removeprofilefiles.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.backgroundtasks.api.ExitCode;

/** Firefox's RemoveProfileFiles: wait for the profile's lock, then remove LOCAL and ROOT; 3 with the reason. */
class ProfileRemovalTest {
    @TempDir
    Path tmp;

    private Path root;
    private Path local;
    private long clockNanos;
    private final List<Long> pauses = new ArrayList<>();
    private Runnable onPause = () -> { };
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void setUp() throws IOException {
        root = profile(tmp.resolve("profiles/abc.default"));
        local = profile(tmp.resolve("cache/abc.default"));
    }

    private static Path profile(Path dir) throws IOException {
        Files.createDirectories(dir.resolve("storage/default"));
        Files.writeString(dir.resolve("prefs.properties"), "a=1\n");
        Files.writeString(dir.resolve("storage/default/data"), "x");
        return dir;
    }

    private int run(Path rootDir, Path localDir, int timeout) throws InterruptedException {
        return run(rootDir, localDir, timeout, tmp.resolve("home"));
    }

    private int run(Path rootDir, Path localDir, int timeout, Path home) throws InterruptedException {
        ProfileRemoval removal = new ProfileRemoval(millis -> {
            pauses.add(millis);
            clockNanos += millis * 1_000_000L;
            onPause.run();
        }, () -> clockNanos, home, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return removal.run(new ProfileRemovalArguments(rootDir, localDir, timeout));
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    /** The platform's profile lock, held as another process (here: this test) holds it. */
    private static final class Holder implements AutoCloseable {
        final FileChannel channel;
        final FileLock lock;

        Holder(Path profile) throws IOException {
            channel = FileChannel.open(profile.resolve(".parentlock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            lock = channel.lock();
        }

        @Override
        public void close() throws IOException {
            lock.release();
            channel.close();
        }
    }

    @Test
    void anUnlockedProfileIsRemovedWithItsLocalDirectory() throws Exception {
        assertEquals(ExitCode.SUCCESS, run(root, local, 5));
        assertFalse(Files.exists(root));
        assertFalse(Files.exists(local));
        assertTrue(Files.isDirectory(root.getParent()), "only the profile, not its parent");
        assertEquals(List.of(), pauses);
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("Profile directories removed."));
    }

    @Test
    void anUnlockedProfileWithAStaleLockFileIsRemoved() throws Exception {
        Files.writeString(root.resolve(".parentlock"), "");
        assertEquals(ExitCode.SUCCESS, run(root, local, 0));
        assertFalse(Files.exists(root));
    }

    @Test
    void localMayBeRootOrInsideIt() throws Exception {
        assertEquals(ExitCode.SUCCESS, run(root, root, 0));
        assertFalse(Files.exists(root));
        Path other = profile(tmp.resolve("other"));
        Path inner = profile(other.resolve("cache"));
        assertEquals(ExitCode.SUCCESS, run(other, inner, 0));
        assertFalse(Files.exists(other));
    }

    @Test
    void aMissingLocalIsNothingToRemove() throws Exception {
        assertEquals(ExitCode.SUCCESS, run(root, tmp.resolve("no-cache"), 0));
        assertFalse(Files.exists(root));
    }

    @Test
    void aMissingRootIsAFailure() throws Exception {
        assertEquals(ExitCode.EXCEPTION, run(tmp.resolve("gone"), local, 0));
        assertTrue(err().contains("Failed to remove profile directories: ROOT"), err());
        assertTrue(Files.exists(local), "nothing removed");
    }

    @Test
    void aLockedProfileWithNoTimeoutFailsAtOnceAndNothingIsRemoved() throws Exception {
        try (Holder held = new Holder(root)) {
            assertEquals(ExitCode.EXCEPTION, run(root, local, 0));
        }
        assertEquals(List.of(), pauses);
        assertTrue(Files.exists(root.resolve("storage/default/data")));
        assertTrue(Files.exists(local.resolve("storage/default/data")));
        assertTrue(err().contains("still locked"), err());
    }

    @Test
    void aProfileLockedPastTheTimeoutIsCheckedTwiceASecondThenLeftAlone() throws Exception {
        try (Holder held = new Holder(root)) {
            assertEquals(ExitCode.EXCEPTION, run(root, local, 2));
        }
        assertEquals(List.of(500L, 500L, 500L, 500L), pauses);
        assertTrue(Files.exists(root.resolve("prefs.properties")));
        assertTrue(Files.exists(local.resolve("prefs.properties")));
        assertTrue(err().contains("still locked by another process after 2 s"), err());
    }

    @Test
    void aLockReleasedDuringTheWaitLetsTheRemovalGoOn() throws Exception {
        Holder held = new Holder(root);
        onPause = () -> {
            if (pauses.size() == 3) {
                try {
                    held.close();
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }
        };
        assertEquals(ExitCode.SUCCESS, run(root, local, 10));
        assertEquals(List.of(500L, 500L, 500L), pauses);
        assertFalse(Files.exists(root));
        assertFalse(Files.exists(local));
    }

    @Test
    void linksInsideAreRemovedButNeverFollowed() throws Exception {
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        Files.writeString(outside.resolve("precious"), "keep");
        Files.createSymbolicLink(root.resolve("storage/escape"), outside);
        Files.createSymbolicLink(local.resolve("file-link"), outside.resolve("precious"));
        assertEquals(ExitCode.SUCCESS, run(root, local, 0));
        assertFalse(Files.exists(root, LinkOption.NOFOLLOW_LINKS));
        assertEquals("keep", Files.readString(outside.resolve("precious")));
    }

    @Test
    void aRootThatIsALinkOrAFileIsRefused() throws Exception {
        Path link = Files.createSymbolicLink(tmp.resolve("link"), root);
        assertEquals(ExitCode.EXCEPTION, run(link, local, 0));
        assertTrue(err().contains("symbolic link"), err());
        Path file = Files.writeString(tmp.resolve("file"), "x");
        assertEquals(ExitCode.EXCEPTION, run(file, local, 0));
        assertTrue(Files.exists(root.resolve("prefs.properties")));
        assertTrue(Files.exists(file));
    }

    @Test
    void aLocalThatContainsRootIsRefused() throws Exception {
        assertEquals(ExitCode.EXCEPTION, run(root, root.getParent(), 0));
        assertTrue(Files.exists(root.resolve("prefs.properties")));
        assertTrue(err().contains("contains ROOT"), err());
    }

    @Test
    void theHomeDirectoryAndItsAncestorsAreRefused() throws Exception {
        Path home = Files.createDirectories(tmp.resolve("home/user"));
        Files.writeString(home.resolve("notes"), "keep");
        assertEquals(ExitCode.EXCEPTION, run(home, home, 0, home));
        assertEquals(ExitCode.EXCEPTION, run(home.getParent(), home.getParent(), 0, home));
        assertEquals(ExitCode.EXCEPTION, run(root, home, 0, home));
        assertEquals("keep", Files.readString(home.resolve("notes")));
    }

    @Test
    void theFileSystemRootIsRefused() throws Exception {
        assertEquals(ExitCode.EXCEPTION, run(Path.of("/"), local, 0));
        assertTrue(err().contains("file system's root"), err());
    }
}
