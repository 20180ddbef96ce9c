package dev.backgroundtasks.internal.files;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributeView;
import java.util.ArrayList;
import java.util.List;

/**
 * Removes a tree without ever following a symbolic link: a link is removed as a link and its target
 * is not touched. Where the platform offers a {@link SecureDirectoryStream} (Linux, macOS), every step
 * is relative to an open directory handle and sub-directories are opened with {@code O_NOFOLLOW}, so a
 * component swapped for a link while the removal runs cannot lead it outside the tree. Elsewhere it
 * walks by path, not following links. Entries that vanish meanwhile (another remover) count as removed.
 * Shutdown interrupts a worker: an interrupt stops it between two entries ({@link InterruptedIOException}).
 *
 * <p>The one implementation behind the launcher's {@code SafeFiles.removeTree}, the removeDirectory
 * task (stops at the first failure, counts what it removed, as Firefox's {@code nsIFile.remove}) and
 * the removeProfileFiles task (goes on past failures and collects them, Firefox's
 * {@code RemoveProfileRecursion}). One instance serves one removal.
 */
public final class TreeRemover {
    private boolean stopAtFirstFailure;
    private boolean ownedOnly;
    private boolean directoryOnly;
    private String keep;
    private long removed;
    private final List<Path> undeleted = new ArrayList<>();

    /** Throws the first failure instead of going on past it and collecting it in {@link #undeleted()}. */
    public TreeRemover stopAtFirstFailure() {
        stopAtFirstFailure = true;
        return this;
    }

    /** Leaves the root alone (and {@link #remove} returns false) unless the running user owns it. */
    public TreeRemover onlyIfOwnedByMe() {
        ownedOnly = true;
        return this;
    }

    /** The root must be a directory, not a link to one: anything else is a {@link NotDirectoryException}. */
    public TreeRemover onlyADirectory() {
        directoryOnly = true;
        return this;
    }

    /** Leaves the root's entry of that name, and so the root itself (a profile's lock file). */
    public TreeRemover keeping(String name) {
        keep = name;
        return this;
    }

    /** How many entries were removed, the root included. */
    public long removed() {
        return removed;
    }

    /** What could not be removed, when going on past failures. */
    public List<Path> undeleted() {
        return List.copyOf(undeleted);
    }

    /**
     * Removes {@code root} (not the file system's root): a directory with everything in it, anything
     * else (a file, a link) by itself unless {@link #onlyADirectory()}.
     *
     * @return false if the root was left alone as not the running user's
     * @throws NoSuchFileException if there is nothing at {@code root}
     * @throws IOException the first failure with {@link #stopAtFirstFailure()}; an interrupt always
     */
    public boolean remove(Path root) throws IOException {
        Path absolute = root.toAbsolutePath();
        Path parent = absolute.getParent();
        if (parent == null) {
            throw new FileSystemException(absolute.toString(), null, "the root of the file system is never removed");
        }
        Path name = absolute.getFileName();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(parent)) {
            if (stream instanceof SecureDirectoryStream<Path> secure) {
                BasicFileAttributes attributes = ownedOnly
                        ? secure.getFileAttributeView(name, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS).readAttributes()
                        : secure.getFileAttributeView(name, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS).readAttributes();
                if (!accept(absolute, attributes)) {
                    return false;
                }
                if (attributes.isDirectory()) {
                    removeDirectory(secure, name, absolute, keep);
                } else {
                    deleteFile(secure, name, absolute);
                }
                return true;
            }
        }
        BasicFileAttributes attributes = Files.readAttributes(absolute, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (!accept(absolute, attributes)) {
            return false;
        }
        if (attributes.isDirectory()) {
            removeByPath(absolute, keep);
        } else {
            delete(absolute);
        }
        return true;
    }

    private boolean accept(Path root, BasicFileAttributes attributes) throws IOException {
        if (ownedOnly && !Owners.isOwnedByMe(root, attributes)) {
            return false;
        }
        if (directoryOnly && !attributes.isDirectory()) {
            throw new NotDirectoryException(root.toString());
        }
        return true;
    }

    /** Removes the sub-directory {@code name} of {@code parent}, everything relative to open handles. */
    private void removeDirectory(SecureDirectoryStream<Path> parent, Path name, Path shown, String kept) throws IOException {
        try (SecureDirectoryStream<Path> directory = parent.newDirectoryStream(name, LinkOption.NOFOLLOW_LINKS)) {
            // Names first, then removals: never change a directory while reading it.
            List<Path> names = new ArrayList<>();
            for (Path entry : directory) {
                names.add(entry.getFileName());
            }
            for (Path entry : names) {
                checkInterrupted();
                if (kept != null && entry.toString().equals(kept)) {
                    continue;
                }
                BasicFileAttributes attributes;
                try {
                    attributes = directory.getFileAttributeView(entry, BasicFileAttributeView.class,
                            LinkOption.NOFOLLOW_LINKS).readAttributes();
                } catch (NoSuchFileException gone) {
                    continue;
                } catch (IOException e) {
                    failed(shown.resolve(entry), e);
                    continue;
                }
                if (attributes.isDirectory()) {
                    removeDirectory(directory, entry, shown.resolve(entry), null);
                } else {
                    deleteFile(directory, entry, shown.resolve(entry));
                }
            }
        } catch (NoSuchFileException gone) {
            return;
        } catch (IOException e) {
            failed(shown, e);
            return;
        }
        if (kept == null) {
            delete(() -> parent.deleteDirectory(name), shown);
        }
    }

    private void deleteFile(SecureDirectoryStream<Path> directory, Path name, Path shown) throws IOException {
        delete(() -> directory.deleteFile(name), shown);
    }

    /** Without secure directory streams: the same by path, reading each entry's own attributes. */
    private void removeByPath(Path directory, String kept) throws IOException {
        List<Path> entries = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory)) {
            stream.forEach(entries::add);
        } catch (NoSuchFileException gone) {
            return;
        } catch (IOException e) {
            failed(directory, e);
            return;
        }
        for (Path entry : entries) {
            checkInterrupted();
            if (kept != null && entry.getFileName().toString().equals(kept)) {
                continue;
            }
            if (Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)) {
                removeByPath(entry, null);
            } else {
                delete(entry);
            }
        }
        if (kept == null) {
            delete(directory);
        }
    }

    private void delete(Path path) throws IOException {
        delete(() -> Files.delete(path), path);
    }

    /** One entry: counted when removed, nothing when someone else removed it, else a failure. */
    private void delete(Deletion deletion, Path shown) throws IOException {
        try {
            deletion.run();
            removed++;
        } catch (NoSuchFileException gone) {
            // removed by someone else
        } catch (IOException e) {
            failed(shown, e);
        }
    }

    private interface Deletion {
        void run() throws IOException;
    }

    /** Stops (rethrows) or goes on (collects); an interrupt always stops. */
    private void failed(Path path, IOException e) throws IOException {
        if (stopAtFirstFailure || e instanceof InterruptedIOException) {
            throw e;
        }
        undeleted.add(path);
    }

    private static void checkInterrupted() throws InterruptedIOException {
        if (Thread.currentThread().isInterrupted()) {
            throw new InterruptedIOException("interrupted by shutdown");
        }
    }
}
