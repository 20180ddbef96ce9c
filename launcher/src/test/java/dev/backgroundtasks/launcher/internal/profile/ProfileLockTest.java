package dev.backgroundtasks.launcher.internal.profile;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The .parentlock lock of a profile. */
class ProfileLockTest {
    @TempDir
    Path dir;

    @Test
    void aLockIsExclusiveWithinTheJvm() throws Exception {
        try (ProfileLock lock = ProfileLock.tryAcquire(dir).orElseThrow()) {
            assertTrue(Files.exists(dir.resolve(ProfileLock.FILE)));
            assertTrue(ProfileLock.tryAcquire(dir).isEmpty());
        }
    }

    @Test
    void aReleasedLockCanBeTakenAgain() throws Exception {
        ProfileLock.tryAcquire(dir).orElseThrow().close();
        Optional<ProfileLock> again = ProfileLock.tryAcquire(dir);
        assertTrue(again.isPresent());
        again.get().close();
    }

    @Test
    void acquireGivesUpAfterItsRetryTime() throws Exception {
        try (ProfileLock lock = ProfileLock.tryAcquire(dir).orElseThrow()) {
            long start = System.nanoTime();
            Optional<ProfileLock> second = ProfileLock.acquire(dir, 300);
            long elapsedMs = (System.nanoTime() - start) / 1_000_000;
            assertTrue(second.isEmpty());
            assertTrue(elapsedMs >= 250, "gave up after " + elapsedMs + " ms");
        }
    }

    /** Whether /proc/locks shows a POSIX lock of this process on the file. */
    private static boolean heldByThisProcess(Path file) throws Exception {
        long inode = (Long) Files.getAttribute(file, "unix:ino");
        String pid = " " + ProcessHandle.current().pid() + " ";
        List<String> locks = Files.readAllLines(Path.of("/proc/locks"));
        return locks.stream().anyMatch(l -> l.contains("POSIX") && l.contains(pid) && l.contains(":" + inode + " "));
    }

    @Test
    void theOperatingSystemSeesTheLock() throws Exception {
        assumeTrue(Files.isReadable(Path.of("/proc/locks")), "no /proc/locks here");
        try (ProfileLock lock = ProfileLock.tryAcquire(dir).orElseThrow()) {
            assertTrue(heldByThisProcess(dir.resolve(ProfileLock.FILE)));
        }
    }

    @Test
    void aFailedSecondAttemptInTheSameJvmKeepsTheLock() throws Exception {
        assumeTrue(Files.isReadable(Path.of("/proc/locks")), "no /proc/locks here");
        try (ProfileLock lock = ProfileLock.tryAcquire(dir).orElseThrow()) {
            assertTrue(ProfileLock.tryAcquire(dir).isEmpty());
            assertTrue(heldByThisProcess(dir.resolve(ProfileLock.FILE)),
                    "the operating system no longer sees the lock this JVM still holds");
        }
    }
}
