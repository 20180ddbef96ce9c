package dev.backgroundtasks.task.removeprofilefiles.internal;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

/**
 * Firefox's {@code RemoveProfileRecursion}: removes what it can, goes on past what it cannot, and
 * collects the latter. A symbolic link is removed as a link, never followed. Where the platform offers
 * a {@link SecureDirectoryStream} (Linux, macOS) every step is relative to an open directory, and
 * sub-directories are opened with {@code O_NOFOLLOW}, so that a directory swapped for a link meanwhile
 * cannot lead outside the tree.
 *
 * <p>(The removeDirectory task has its own copy of this idea, {@code TreeRemoval}, which stops at the
 * first failure as Firefox's {@code nsIFile.remove} does; each task bundle stands alone.)
 */
final class ProfileTree {
    private final List<Path> undeleted = new ArrayList<>();

    /** What could not be removed. */
    List<Path> undeleted() {
        return List.copyOf(undeleted);
    }

    /**
     * Removes {@code directory} (a real path, not the file system's root) with everything in it, or,
     * with {@code keep}, everything in it but its entry of that name and itself.
     */
    void remove(Path directory, String keep) throws InterruptedIOException {
        Path parent = directory.getParent();
        Path name = directory.getFileName();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(parent)) {
            if (stream instanceof SecureDirectoryStream<Path> secure) {
                remove(secure, name, directory, keep);
                return;
            }
        } catch (NoSuchFileException gone) {
            return;
        } catch (InterruptedIOException e) {
            throw e;
        } catch (IOException e) {
            undeleted.add(directory);
            return;
        }
        removeByPath(directory, keep);
    }

    private void remove(SecureDirectoryStream<Path> parent, Path name, Path shown, String keep) throws InterruptedIOException {
        try (SecureDirectoryStream<Path> directory = parent.newDirectoryStream(name, LinkOption.NOFOLLOW_LINKS)) {
            List<Path> names = new ArrayList<>();
            for (Path entry : directory) {
                names.add(entry.getFileName());
            }
            for (Path entry : names) {
                checkInterrupted();
                if (keep != null && entry.toString().equals(keep)) {
                    continue;
                }
                BasicFileAttributes attributes;
                try {
                    attributes = directory.getFileAttributeView(entry, BasicFileAttributeView.class,
                            LinkOption.NOFOLLOW_LINKS).readAttributes();
                } catch (NoSuchFileException gone) {
                    continue;
                } catch (IOException e) {
                    undeleted.add(shown.resolve(entry));
                    continue;
                }
                if (attributes.isDirectory()) {
                    remove(directory, entry, shown.resolve(entry), null);
                } else {
                    try {
                        directory.deleteFile(entry);
                    } catch (NoSuchFileException gone) {
                        // removed meanwhile
                    } catch (IOException e) {
                        undeleted.add(shown.resolve(entry));
                    }
                }
            }
        } catch (NoSuchFileException gone) {
            return;
        } catch (InterruptedIOException e) {
            throw e;
        } catch (IOException e) {
            undeleted.add(shown);
            return;
        }
        if (keep == null) {
            try {
                parent.deleteDirectory(name);
            } catch (NoSuchFileException gone) {
                // removed meanwhile
            } catch (IOException e) {
                undeleted.add(shown);
            }
        }
    }

    /** Without secure directory streams: the same by path, reading each entry's own attributes. */
    private void removeByPath(Path directory, String keep) throws InterruptedIOException {
        List<Path> entries = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory)) {
            stream.forEach(entries::add);
        } catch (NoSuchFileException gone) {
            return;
        } catch (IOException e) {
            undeleted.add(directory);
            return;
        }
        for (Path entry : entries) {
            checkInterrupted();
            if (keep != null && entry.getFileName().toString().equals(keep)) {
                continue;
            }
            if (Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)) {
                removeByPath(entry, null);
            } else {
                delete(entry);
            }
        }
        if (keep == null) {
            delete(directory);
        }
    }

    private void delete(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            undeleted.add(path);
        }
    }

    /** Shutdown interrupts the worker: stop between two entries rather than run past the shutdown budget. */
    private static void checkInterrupted() throws InterruptedIOException {
        if (Thread.currentThread().isInterrupted()) {
            throw new InterruptedIOException("interrupted by shutdown");
        }
    }
}
