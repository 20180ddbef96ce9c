package ${package};

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The task's file handling, without a framework or a launcher: plain JUnit on a temporary folder. */
class ${taskClass}Test {
    @TempDir
    Path dir;

    @Test
    void removesTheTemporaryFilesOnly() throws IOException {
        Files.writeString(dir.resolve("a.tmp"), "a");
        Files.writeString(dir.resolve("b.tmp"), "b");
        Files.writeString(dir.resolve("keep.txt"), "kept");
        assertEquals(2, ${taskClass}.removeTemporaryFiles(dir));
        assertFalse(Files.exists(dir.resolve("a.tmp")));
        assertFalse(Files.exists(dir.resolve("b.tmp")));
        assertTrue(Files.exists(dir.resolve("keep.txt")));
    }

    @Test
    void leavesADirectoryNamedLikeATemporaryFile() throws IOException {
        Files.createDirectory(dir.resolve("cache.tmp"));
        assertEquals(0, ${taskClass}.removeTemporaryFiles(dir));
        assertTrue(Files.isDirectory(dir.resolve("cache.tmp")));
    }

    @Test
    void anEmptyFolderIsNothingToDo() throws IOException {
        assertEquals(0, ${taskClass}.removeTemporaryFiles(dir));
    }
}
