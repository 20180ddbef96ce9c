package dev.backgroundtasks.launcher.internal.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** docs/reference/profiles.md: ephemeral and explicit profiles. */
class ProfileTest {
    private static final String PREFIX = "BackgroundTask-0123456789abcdef-wait";

    @TempDir
    Path temp;

    private static String mode(Path dir) throws Exception {
        assumeTrue(dir.getFileSystem().supportedFileAttributeViews().contains("posix"), "no POSIX modes here");
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(dir));
    }

    @Test
    void anEphemeralProfileIsNamedByThePrefix() throws Exception {
        Profile p = Profile.ephemeral(temp, PREFIX, true);
        try {
            assertEquals(temp.resolve(PREFIX), p.directory());
            assertTrue(Files.isDirectory(p.directory()));
            assertTrue(p.isEphemeral());
        } finally {
            p.close();
        }
    }

    @Test
    void takenNamesGetDotOneThenDotTwo() throws Exception {
        Profile first = Profile.ephemeral(temp, PREFIX, true);
        Profile second = Profile.ephemeral(temp, PREFIX, true);
        Profile third = Profile.ephemeral(temp, PREFIX, true);
        try {
            assertEquals(temp.resolve(PREFIX + ".1"), second.directory());
            assertEquals(temp.resolve(PREFIX + ".2"), third.directory());
        } finally {
            first.close();
            second.close();
            third.close();
        }
    }

    @Test
    void aNameTakenByAFileIsSkipped() throws Exception {
        Files.writeString(temp.resolve(PREFIX), "x");
        Profile p = Profile.ephemeral(temp, PREFIX, true);
        try {
            assertEquals(temp.resolve(PREFIX + ".1"), p.directory());
        } finally {
            p.close();
        }
    }

    @Test
    void anEphemeralProfileIsPrivate() throws Exception {
        Profile p = Profile.ephemeral(temp, PREFIX, true);
        try {
            assertEquals("rwx------", mode(p.directory()));
        } finally {
            p.close();
        }
    }

    @Test
    void anEphemeralProfileIsLockedWhileInUse() throws Exception {
        Profile p = Profile.ephemeral(temp, PREFIX, true);
        try {
            assertTrue(ProfileLock.tryAcquire(p.directory()).isEmpty());
        } finally {
            p.close();
        }
    }

    @Test
    void closingRemovesAnEphemeralProfile() throws Exception {
        Profile p = Profile.ephemeral(temp, PREFIX, true);
        Files.writeString(Files.createDirectories(p.directory().resolve("sub")).resolve("f"), "x");
        p.close();
        assertFalse(Files.exists(p.directory()));
        p.close(); // idempotent
    }

    @Test
    void closingKeepsAnEphemeralProfileWhenAskedTo() throws Exception {
        Profile p = Profile.ephemeral(temp, PREFIX, false);
        p.close();
        assertTrue(Files.isDirectory(p.directory()));
        // and unlocked
        ProfileLock.tryAcquire(p.directory()).orElseThrow().close();
    }

    @Test
    void aRemovedNameIsUsedAgain() throws Exception {
        Profile.ephemeral(temp, PREFIX, true).close();
        Profile p = Profile.ephemeral(temp, PREFIX, true);
        try {
            assertEquals(temp.resolve(PREFIX), p.directory());
        } finally {
            p.close();
        }
    }

    @Test
    void anExplicitProfileIsCreatedWithItsParents() throws Exception {
        Path dir = temp.resolve("a/b/profile");
        Profile p = Profile.explicit(dir);
        try {
            assertTrue(Files.isDirectory(dir));
            assertFalse(p.isEphemeral());
            assertEquals(dir, p.directory());
            assertEquals("rwx------", mode(dir));
        } finally {
            p.close();
        }
    }

    @Test
    void anExplicitProfileIsNeverDeleted() throws Exception {
        Path dir = temp.resolve("profile");
        Profile p = Profile.explicit(dir);
        Files.writeString(dir.resolve("prefs.properties"), "a=1");
        p.close();
        assertTrue(Files.isRegularFile(dir.resolve("prefs.properties")));
    }

    @Test
    void anExistingExplicitProfileIsUsedAsItIs() throws Exception {
        Path dir = Files.createDirectories(temp.resolve("profile"));
        Files.writeString(dir.resolve("prefs.properties"), "a=1");
        Profile p = Profile.explicit(dir);
        try {
            assertEquals("a=1", Files.readString(dir.resolve("prefs.properties")));
        } finally {
            p.close();
        }
    }

    @Test
    void aFileAsExplicitProfileIsRefused() throws Exception {
        Path file = Files.writeString(temp.resolve("file"), "x");
        Profile.ProfileException e = assertThrows(Profile.ProfileException.class, () -> Profile.explicit(file));
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        assertEquals("x", Files.readString(file));
    }

    @Test
    void anExplicitProfileUnderAFileIsRefused() throws Exception {
        Path file = Files.writeString(temp.resolve("file"), "x");
        assertThrows(Profile.ProfileException.class, () -> Profile.explicit(file.resolve("profile")));
    }

    @Test
    void anExplicitProfileWaitsForALockReleasedSoon() throws Exception {
        Path dir = Files.createDirectories(temp.resolve("profile"));
        ProfileLock held = ProfileLock.tryAcquire(dir).orElseThrow();
        Thread waiting = Thread.currentThread();
        Thread releaser = new Thread(() -> {
            // released only once the test's thread is between two tries of the lock
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30))
                    .until(() -> waiting.getState() == Thread.State.TIMED_WAITING);
            held.close();
        });
        releaser.start();
        Profile p = Profile.explicit(dir);
        try {
            assertTrue(ProfileLock.tryAcquire(dir).isEmpty());
        } finally {
            p.close();
            releaser.join();
        }
    }
}
