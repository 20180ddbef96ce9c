package dev.backgroundtasks.internal.files;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.Set;

/**
 * Lock files, the directories that hold them and the files the platform writes: private to the running
 * user, never opened through a symbolic link.
 */
public final class PrivateFiles {
    /**
     * The lock file of a profile directory (Firefox's name on Linux): the launcher holds an exclusive lock
     * on it while a run uses the profile, removeProfileFiles waits for that lock.
     */
    public static final String PROFILE_LOCK = ".parentlock";

    private PrivateFiles() {
    }

    /**
     * Opens (creating it 0600 if missing) a file to lock or to write, never through a symbolic link
     * ({@code O_NOFOLLOW}); a planted link, or anything but a regular file, is an {@link IOException}.
     */
    public static FileChannel openPrivate(Path file) throws IOException {
        Set<OpenOption> options = Set.of(StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE,
                LinkOption.NOFOLLOW_LINKS);
        FileChannel channel = posix(file)
                ? FileChannel.open(file, options, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))
                : FileChannel.open(file, options);
        try {
            if (!Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).isRegularFile()) {
                throw new FileSystemException(file.toString(), null, "not a regular file");
            }
        } catch (IOException e) {
            channel.close();
            throw e;
        }
        return channel;
    }

    /**
     * {@code <java.io.tmpdir>/backgroundtasks-<user>}: the last resort for the platform's meeting points
     * when no better place exists, shared by the launcher's runtime directory and removeDirectory's locks.
     * A predictable name in a shared directory: create it only with {@link #ensurePrivateDirectory}, which
     * refuses it when another user made it first.
     */
    public static Path perUserTempDirectory() {
        String user = System.getProperty("user.name", "user").replaceAll("[^A-Za-z0-9_.-]", "_");
        return Path.of(System.getProperty("java.io.tmpdir"), "backgroundtasks-" + user);
    }

    /** Creates a directory with mode 0700 (where the file system has POSIX modes); fails if anything is there. */
    public static void createPrivateDirectory(Path dir) throws IOException {
        if (posix(dir)) {
            FileAttribute<?> mode = PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));
            Files.createDirectory(dir, mode);
        } else {
            Files.createDirectory(dir);
        }
    }

    /**
     * A private directory of the running user: created 0700 (and its missing parents) if missing;
     * an existing one (a link to one is followed: the user named it) must be a directory owned by the
     * running user. Anything else is refused; nothing that exists is changed. The meeting points of
     * processes (lock files, sockets) live only in such directories: in a directory that another user
     * made first, that user could replace them.
     */
    public static void ensurePrivateDirectory(Path dir) throws IOException {
        Path absolute = dir.toAbsolutePath();
        if (!Files.exists(absolute, LinkOption.NOFOLLOW_LINKS) || Files.isSymbolicLink(absolute) && !Files.exists(absolute)) {
            Path parent = absolute.getParent();
            if (parent != null && !Files.isDirectory(parent)) {
                ensurePrivateDirectory(parent);
            }
            try {
                createPrivateDirectory(absolute);
                return;
            } catch (FileAlreadyExistsException raced) {
                // created meanwhile, or a dangling link: checked below
            }
        }
        if (!Files.isDirectory(absolute)) {
            throw new FileSystemException(absolute.toString(), null,
                    Files.exists(absolute) ? "Not a directory" : "a dangling symbolic link");
        }
        if (!posix(absolute)) {
            return;
        }
        UserPrincipal owner = Files.getOwner(absolute);
        if (!Owners.isMine(owner)) {
            throw new FileSystemException(absolute.toString(), null, "owned by " + owner.getName() + ", not by "
                    + System.getProperty("user.name"));
        }
    }

    private static boolean posix(Path path) {
        return path.getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    /**
     * Tries once to lock a whole channel; null if another process or this JVM holds it. On null or a
     * failure the channel is closed.
     */
    public static FileLock tryLock(FileChannel channel, boolean shared) throws IOException {
        FileLock lock;
        try {
            lock = channel.tryLock(0, Long.MAX_VALUE, shared);
        } catch (OverlappingFileLockException sameProcess) {
            lock = null;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        if (lock == null) {
            channel.close();
        }
        return lock;
    }

    /** Releases a lock and closes its channel, quietly: the operating system releases it anyway. */
    public static void release(FileLock lock) {
        try {
            lock.release();
        } catch (IOException | RuntimeException ignored) {
            // closing the channel releases it
        }
        try {
            lock.channel().close();
        } catch (IOException ignored) {
            // nothing left to release
        }
    }
}
