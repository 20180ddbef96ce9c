package dev.backgroundtasks.task.removedirectory.internal;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

/**
 * Removes a directory and everything in it without ever following a symbolic link: a link is removed
 * as a link and its target is not touched.
 *
 * <p>Where the platform offers a {@link SecureDirectoryStream} (Linux, macOS), every step is relative
 * to an open directory and opens sub-directories with {@code O_NOFOLLOW}, so a directory swapped for a
 * link while the removal runs cannot lead it outside the tree. Elsewhere it walks by path, not following
 * links. Entries that vanish meanwhile (another remover) count as removed.
 */
final class TreeRemoval {
    private long removed;

    private TreeRemoval() {
    }

    /**
     * Removes the directory {@code name} of {@code parent}; never the parent itself.
     *
     * @return how many entries were removed, the directory included (Firefox's removal count)
     * @throws NotDirectoryException if the entry is not a directory (a link to one included)
     * @throws IOException if something could not be removed; what was removed stays removed
     */
    static long remove(Path parent, String name) throws IOException {
        TreeRemoval removal = new TreeRemoval();
        try {
            removal.removeEntry(parent, name);
        } catch (IOException e) {
            throw new PartialRemovalException(e, removal.removed);
        }
        return removal.removed;
    }

    private void removeEntry(Path parent, String name) throws IOException {
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(parent)) {
            if (stream instanceof SecureDirectoryStream<Path> secure) {
                Path entry = parent.getFileSystem().getPath(name);
                BasicFileAttributes attributes = secure.getFileAttributeView(entry, BasicFileAttributeView.class,
                        LinkOption.NOFOLLOW_LINKS).readAttributes();
                if (!attributes.isDirectory()) {
                    throw new NotDirectoryException(parent.resolve(name).toString());
                }
                removeDirectory(secure, entry);
                return;
            }
        }
        Path target = parent.resolve(name);
        if (!Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
            throw new NotDirectoryException(target.toString());
        }
        walk(target);
    }

    /** Removes the sub-directory {@code name} of {@code directory}, everything relative to open descriptors. */
    private void removeDirectory(SecureDirectoryStream<Path> directory, Path name) throws IOException {
        try (SecureDirectoryStream<Path> child = directory.newDirectoryStream(name, LinkOption.NOFOLLOW_LINKS)) {
            // Names first, then removals: never change a directory while reading it.
            List<Path> names = new ArrayList<>();
            for (Path entry : child) {
                names.add(entry.getFileName());
            }
            for (Path entry : names) {
                checkInterrupted();
                BasicFileAttributes attributes;
                try {
                    attributes = child.getFileAttributeView(entry, BasicFileAttributeView.class,
                            LinkOption.NOFOLLOW_LINKS).readAttributes();
                } catch (NoSuchFileException gone) {
                    continue;
                }
                if (attributes.isDirectory()) {
                    removeDirectory(child, entry);
                } else {
                    try {
                        child.deleteFile(entry);
                        removed++;
                    } catch (NoSuchFileException gone) {
                        // removed by someone else
                    }
                }
            }
        } catch (NoSuchFileException gone) {
            return;
        }
        try {
            directory.deleteDirectory(name);
            removed++;
        } catch (NoSuchFileException gone) {
            // removed by someone else
        }
    }

    /** Without secure directory streams: a walk by path that does not follow links. */
    private void walk(Path root) throws IOException {
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                checkInterrupted();
                if (Files.deleteIfExists(file)) {
                    removed++;
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException exc) throws IOException {
                if (exc instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE;
                }
                throw exc;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                if (exc != null && !(exc instanceof NoSuchFileException)) {
                    throw exc;
                }
                if (Files.deleteIfExists(dir)) {
                    removed++;
                }
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /** Shutdown interrupts the worker: stop between two entries rather than run past the shutdown budget. */
    private static void checkInterrupted() throws InterruptedIOException {
        if (Thread.currentThread().isInterrupted()) {
            throw new InterruptedIOException("interrupted by shutdown");
        }
    }

    /** A removal that stopped part way, with how much it had removed. */
    static final class PartialRemovalException extends IOException {
        private static final long serialVersionUID = 1L;
        private final long removed;

        PartialRemovalException(IOException cause, long removed) {
            super(cause.toString(), cause);
            this.removed = removed;
        }

        long removed() {
            return removed;
        }
    }
}
