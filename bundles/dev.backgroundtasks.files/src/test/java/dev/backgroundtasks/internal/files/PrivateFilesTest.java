package dev.backgroundtasks.internal.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The private directories that hold lock files: the launcher's runtime directory and removeDirectory's. */
class PrivateFilesTest {
    @TempDir
    Path tmp;

    @Test
    void aMissingDirectoryIsCreatedPrivateWithItsParents() throws IOException {
        Path dir = tmp.resolve("a/b/c");
        PrivateFiles.ensurePrivateDirectory(dir);
        assertTrue(Files.isDirectory(dir));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.getParent())));
        PrivateFiles.ensurePrivateDirectory(dir); // an existing one of the user's is kept as it is
    }

    @Test
    void aFileOrADanglingLinkIsRefused() throws IOException {
        Path file = Files.writeString(tmp.resolve("file"), "x");
        assertThrows(FileSystemException.class, () -> PrivateFiles.ensurePrivateDirectory(file));
        Path link = Files.createSymbolicLink(tmp.resolve("link"), tmp.resolve("nowhere"));
        FileSystemException e = assertThrows(FileSystemException.class, () -> PrivateFiles.ensurePrivateDirectory(link));
        assertTrue(e.getMessage().contains("dangling"), e.getMessage());
        assertTrue(Files.notExists(tmp.resolve("nowhere")), "nothing is created through the link");
    }

    @Test
    void createPrivateDirectoryNeverReusesWhatIsThere() throws IOException {
        Path dir = Files.createDirectory(tmp.resolve("there"));
        assertThrows(FileAlreadyExistsException.class, () -> PrivateFiles.createPrivateDirectory(dir));
    }
}
