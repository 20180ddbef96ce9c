package dev.backgroundtasks.internal.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one tree removal and the private lock file: never through a link, only what they were asked. */
class TreeRemoverTest {
    @TempDir
    Path tmp;

    private Path outside() throws IOException {
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        Files.writeString(outside.resolve("precious"), "keep");
        return outside;
    }

    @Test
    void removesATreeWithItsLinksAsLinksAndCountsEveryEntry() throws IOException {
        Path outside = outside();
        Path root = Files.createDirectories(tmp.resolve("root/a"));
        Files.createSymbolicLink(root.resolve("dirLink"), outside);
        Files.createSymbolicLink(root.resolve("fileLink"), outside.resolve("precious"));
        TreeRemover removal = new TreeRemover().stopAtFirstFailure().onlyIfOwnedByMe();
        assertTrue(removal.remove(tmp.resolve("root")));
        assertEquals(4, removal.removed(), "root, a, two links");
        assertFalse(Files.exists(tmp.resolve("root"), LinkOption.NOFOLLOW_LINKS));
        assertEquals("keep", Files.readString(outside.resolve("precious")));
    }

    @Test
    void keepsTheNamedEntryAndTheRoot() throws IOException {
        Path root = tmp.resolve("root");
        Files.createDirectories(root.resolve("sub"));
        Files.writeString(root.resolve(".parentlock"), "");
        Files.writeString(root.resolve("sub/f"), "");
        assertTrue(new TreeRemover().keeping(".parentlock").remove(root));
        assertEquals(List.of(root.resolve(".parentlock")), Files.list(root).toList());
    }

    @Test
    void aLinkAtTheRootIsRemovedAsALinkOrRefusedWhenADirectoryIsRequired() throws IOException {
        Path outside = outside();
        Path link = Files.createSymbolicLink(tmp.resolve("link"), outside);
        assertThrows(NotDirectoryException.class, () -> new TreeRemover().onlyADirectory().remove(link));
        assertTrue(Files.isSymbolicLink(link));
        assertTrue(new TreeRemover().remove(link));
        assertFalse(Files.exists(link, LinkOption.NOFOLLOW_LINKS));
        assertEquals("keep", Files.readString(outside.resolve("precious")));
    }

    @Test
    void goesOnPastWhatItCannotRemoveAndCollectsIt() throws IOException {
        Path root = Files.createDirectories(tmp.resolve("root"));
        Path locked = Files.createDirectories(root.resolve("locked"));
        Files.writeString(locked.resolve("stays"), "");
        Files.writeString(root.resolve("goes"), "");
        Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("r-x------"));
        try {
            TreeRemover removal = new TreeRemover();
            removal.remove(root);
            if (!"root".equals(System.getProperty("user.name"))) { // root may remove anything
                assertTrue(removal.undeleted().contains(locked.resolve("stays")), removal.undeleted().toString());
                assertTrue(Files.exists(locked.resolve("stays")));
            }
            assertFalse(Files.exists(root.resolve("goes")), "went on past the failure");
        } finally {
            if (Files.exists(locked)) {
                Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("rwx------"));
            }
        }
    }

    @Test
    void nothingThereIsNoSuchFile() {
        assertThrows(NoSuchFileException.class, () -> new TreeRemover().remove(tmp.resolve("absent")));
    }

    @Test
    void aLockFileIsPrivateAndNeverOpenedThroughALink() throws IOException {
        Path outside = outside();
        Path link = Files.createSymbolicLink(tmp.resolve("a.lock"), outside.resolve("precious"));
        assertThrows(IOException.class, () -> PrivateFiles.openPrivate(link));
        assertEquals("keep", Files.readString(outside.resolve("precious")));
        FileLock lock = PrivateFiles.tryLock(PrivateFiles.openPrivate(tmp.resolve("b.lock")), false);
        try {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(tmp.resolve("b.lock"))));
            assertEquals(null, PrivateFiles.tryLock(PrivateFiles.openPrivate(tmp.resolve("b.lock")), false),
                    "held by this JVM: no second lock");
        } finally {
            PrivateFiles.release(lock);
        }
        assertFalse(lock.channel().isOpen());
    }
}
