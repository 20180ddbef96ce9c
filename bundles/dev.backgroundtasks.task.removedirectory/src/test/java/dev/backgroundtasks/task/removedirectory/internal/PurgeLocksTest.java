package dev.backgroundtasks.task.removedirectory.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The per-directory purge lock: one holder per full path, a lock file in the runtime directory, cleaned up. */
class PurgeLocksTest {
    @TempDir
    Path tmp;

    @Test
    void aSecondInstanceCannotTakeAHeldLock() throws IOException {
        PurgeLocks locks = new PurgeLocks(tmp.resolve("runtime"));
        Path key = tmp.resolve("parent/child");
        try (PurgeLocks.Held held = locks.tryLock(key).orElseThrow()) {
            assertTrue(Files.isRegularFile(held.file()));
            assertEquals(Optional.empty(), new PurgeLocks(tmp.resolve("runtime")).tryLock(key));
        }
    }

    @Test
    void closingDeletesTheLockFileAndFreesTheDirectory() throws IOException {
        PurgeLocks locks = new PurgeLocks(tmp.resolve("runtime"));
        Path key = tmp.resolve("parent/child");
        PurgeLocks.Held held = locks.tryLock(key).orElseThrow();
        Path file = held.file();
        held.close();
        assertFalse(Files.exists(file), "Firefox deletes the lock file when done");
        try (PurgeLocks.Held again = locks.tryLock(key).orElseThrow()) {
            assertEquals(file, again.file());
        }
    }

    @Test
    void theKeyIsTheFullPathNotTheChildsName() throws IOException {
        PurgeLocks locks = new PurgeLocks(tmp.resolve("runtime"));
        Path one = tmp.resolve("a/cache2");
        Path two = tmp.resolve("b/cache2");
        assertNotEquals(locks.lockFile(one), locks.lockFile(two));
        try (PurgeLocks.Held a = locks.tryLock(one).orElseThrow();
                PurgeLocks.Held b = locks.tryLock(two).orElseThrow()) {
            assertNotEquals(a.file(), b.file(), "same name, different directories: both purged");
        }
    }

    @Test
    void theLockFileLivesInTheLockDirectoryNotNearThePurgedDirectory() throws IOException {
        Path runtime = tmp.resolve("runtime");
        PurgeLocks locks = new PurgeLocks(runtime);
        Path file = locks.lockFile(tmp.resolve("parent/child"));
        assertEquals(runtime, file.getParent());
        assertTrue(file.getFileName().toString().matches("removeDirectory-[0-9a-f]{32}\\.lock"), file.toString());
    }

    @Test
    void aStaleLockFileOfADeadProcessIsTakenOver() throws IOException {
        PurgeLocks locks = new PurgeLocks(tmp.resolve("runtime"));
        Path key = tmp.resolve("parent/child");
        Files.createDirectories(tmp.resolve("runtime"));
        Files.writeString(locks.lockFile(key), "12345\nleft by a killed instance\n");
        try (PurgeLocks.Held held = locks.tryLock(key).orElseThrow()) {
            String content = Files.readString(held.file());
            assertTrue(content.startsWith(ProcessHandle.current().pid() + "\n"), content);
            assertTrue(content.contains(key.toString()), content);
        }
    }

    @Test
    void aMissingLockDirectoryIsCreatedPrivate() throws IOException {
        Path runtime = tmp.resolve("deep/runtime");
        try (PurgeLocks.Held held = new PurgeLocks(runtime).tryLock(tmp.resolve("x")).orElseThrow()) {
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(runtime)));
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(held.file())));
        }
    }

    @Test
    void aLinkInPlaceOfTheLockFileIsNeverFollowed() throws IOException {
        PurgeLocks locks = new PurgeLocks(tmp.resolve("runtime"));
        Path key = tmp.resolve("parent/child");
        Files.createDirectories(tmp.resolve("runtime"));
        Path victim = Files.writeString(tmp.resolve("victim"), "keep");
        Files.createSymbolicLink(locks.lockFile(key), victim);
        assertThrows(IOException.class, () -> locks.tryLock(key));
        assertEquals("keep", Files.readString(victim));
    }

    @Test
    void anUnusableLockDirectoryIsAnError() throws IOException {
        Path notADirectory = Files.writeString(tmp.resolve("file"), "");
        assertThrows(IOException.class, () -> new PurgeLocks(notADirectory).tryLock(tmp.resolve("x")));
    }
}
