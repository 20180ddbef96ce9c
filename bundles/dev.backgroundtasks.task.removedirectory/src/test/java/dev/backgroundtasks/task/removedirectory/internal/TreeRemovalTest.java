package dev.backgroundtasks.task.removedirectory.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Removing a tree never follows a symbolic link and never touches the parent. */
class TreeRemovalTest {
    @TempDir
    Path tmp;

    @Test
    void removesTheTreeAndCountsEveryEntry() throws IOException {
        Path parent = Files.createDirectories(tmp.resolve("parent"));
        Files.createDirectories(parent.resolve("child/a/b"));
        Files.writeString(parent.resolve("child/a/b/f1"), "1");
        Files.writeString(parent.resolve("child/f2"), "2");
        Files.writeString(parent.resolve("sibling"), "stays");
        assertEquals(5, TreeRemoval.remove(parent, "child"), "child, a, b, f1, f2");
        assertFalse(Files.exists(parent.resolve("child")));
        assertTrue(Files.isDirectory(parent));
        assertEquals("stays", Files.readString(parent.resolve("sibling")));
    }

    @Test
    void aLinkToADirectoryOutsideIsRemovedAndItsTargetKept() throws IOException {
        Path outside = Files.createDirectories(tmp.resolve("outside/data"));
        Files.writeString(outside.resolve("precious"), "keep");
        Path parent = Files.createDirectories(tmp.resolve("parent"));
        Files.createDirectories(parent.resolve("child/deeper"));
        Files.createSymbolicLink(parent.resolve("child/deeper/link"), outside);
        Files.createSymbolicLink(parent.resolve("child/fileLink"), outside.resolve("precious"));
        Files.createSymbolicLink(parent.resolve("child/dangling"), tmp.resolve("nowhere"));
        assertEquals(5, TreeRemoval.remove(parent, "child"));
        assertFalse(Files.exists(parent.resolve("child"), LinkOption.NOFOLLOW_LINKS));
        assertEquals("keep", Files.readString(outside.resolve("precious")));
        assertTrue(Files.isDirectory(outside));
    }

    @Test
    void aFileIsNotADirectoryAndStays() throws IOException {
        Path parent = Files.createDirectories(tmp.resolve("parent"));
        Files.writeString(parent.resolve("child"), "a file");
        IOException e = assertThrows(IOException.class, () -> TreeRemoval.remove(parent, "child"));
        assertInstanceOf(NotDirectoryException.class, e.getCause());
        assertEquals("a file", Files.readString(parent.resolve("child")));
    }

    @Test
    void aLinkToADirectoryIsNotADirectoryAndNothingIsRemoved() throws IOException {
        Path target = Files.createDirectories(tmp.resolve("target"));
        Files.writeString(target.resolve("f"), "keep");
        Path parent = Files.createDirectories(tmp.resolve("parent"));
        Files.createSymbolicLink(parent.resolve("child"), target);
        IOException e = assertThrows(IOException.class, () -> TreeRemoval.remove(parent, "child"));
        assertInstanceOf(NotDirectoryException.class, e.getCause());
        assertTrue(Files.isSymbolicLink(parent.resolve("child")));
        assertEquals("keep", Files.readString(target.resolve("f")));
    }

    @Test
    void aMissingDirectoryIsAnError() {
        assertThrows(IOException.class, () -> TreeRemoval.remove(tmp, "absent"));
    }

    @Test
    void anInterruptStopsBetweenEntriesAndSaysHowMuchWasRemoved() throws IOException {
        Path parent = Files.createDirectories(tmp.resolve("parent"));
        Files.createDirectories(parent.resolve("child"));
        Files.writeString(parent.resolve("child/f"), "");
        Thread.currentThread().interrupt();
        try {
            TreeRemoval.PartialRemovalException e = assertThrows(TreeRemoval.PartialRemovalException.class,
                    () -> TreeRemoval.remove(parent, "child"));
            assertEquals(0, e.removed());
        } finally {
            Thread.interrupted();
        }
        assertTrue(Files.exists(parent.resolve("child/f")));
    }
}
