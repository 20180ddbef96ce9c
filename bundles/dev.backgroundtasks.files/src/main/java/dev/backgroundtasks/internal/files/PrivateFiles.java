package dev.backgroundtasks.internal.files;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/** Lock files and the files the platform writes: opened privately, never through a symbolic link. */
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
        FileChannel channel = file.getFileSystem().supportedFileAttributeViews().contains("posix")
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
