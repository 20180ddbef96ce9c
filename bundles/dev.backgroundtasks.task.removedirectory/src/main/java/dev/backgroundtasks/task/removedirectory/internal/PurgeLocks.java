package dev.backgroundtasks.task.removedirectory.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

import dev.backgroundtasks.internal.files.PrivateFiles;

/**
 * The per-directory purge lock, Firefox's {@code nsICachePurgeLock}: one instance at a time purges a
 * directory; the others skip it.
 *
 * <p>Keyed by the directory's full path with the parent's symbolic links resolved (the parent's real
 * path plus the child's name), not by the child's name alone as in Firefox, so that two unrelated
 * directories of the same name never block each other and two spellings of one directory share a
 * lock. The lock file is {@code removeDirectory-<first 32 hex digits of the SHA-256 of that path>.lock}
 * in the platform's runtime directory (docs/reference/profiles.md: meeting points between processes live
 * there; it is per user and installation, mode 0700, and nothing is written into the directory being
 * purged). It is locked with an exclusive {@link FileChannel#tryLock()}, which the operating system
 * releases when the process dies, so a killed instance never blocks the next one.
 *
 * <p>As in Firefox the holder deletes the lock file when it is done. It does so before releasing the
 * lock, and a new holder checks, by the file's identity (device and inode) read before opening and
 * again after locking, that the path still names the file it locked; if not, it locked a deleted file
 * and tries again. (The inode of a file held open cannot be reused, so equal identities mean the same
 * file unless the path changed twice within the microseconds between the stat and the open.) Only
 * {@code stat} and {@code unlink} touch the path while a lock is held: closing any other descriptor of
 * the file would drop the process's POSIX lock.
 */
final class PurgeLocks {
    private static final int ATTEMPTS = 8;

    private final Path directory;

    PurgeLocks(Path directory) {
        this.directory = directory;
    }

    Path directory() {
        return directory;
    }

    /** The lock file for a directory given by its key path. */
    Path lockFile(Path key) {
        return directory.resolve("removeDirectory-" + sha256(key.toString()).substring(0, 32) + ".lock");
    }

    /**
     * Tries once to become the purger of a directory.
     *
     * @param key the directory's path, its parent's links resolved
     * @return empty if another instance holds it
     * @throws IOException if the lock cannot be checked (Firefox then goes on unlocked for the child
     *         and skips a suffixed folder)
     */
    Optional<Held> tryLock(Path key) throws IOException {
        createDirectory();
        Path file = lockFile(key);
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            FileChannel channel = PrivateFiles.openPrivate(file);
            BasicFileAttributes attributes;
            try {
                attributes = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            } catch (IOException e) {
                channel.close();
                if (e instanceof NoSuchFileException) {
                    continue; // deleted meanwhile by a finishing holder
                }
                throw e;
            }
            FileLock lock = PrivateFiles.tryLock(channel, false);
            if (lock == null) {
                return Optional.empty();
            }
            Object before = attributes.fileKey();
            boolean same = before == null ? Files.exists(file, LinkOption.NOFOLLOW_LINKS) : before.equals(fileKey(file));
            if (same) {
                write(channel, key);
                return Optional.of(new Held(file, lock));
            }
            // A finishing holder deleted the file between our open and our lock: it is no longer the
            // meeting point. Try again with whatever the path names now.
            PrivateFiles.release(lock);
        }
        throw new FileSystemException(file.toString(), null, "the lock file keeps being replaced");
    }

    /** The runtime directory, or the fallback when no launcher gave one: the running user's own, 0700. */
    private void createDirectory() throws IOException {
        PrivateFiles.ensurePrivateDirectory(directory);
    }

    /** The file's identity, or null if it does not exist. */
    private static Object fileKey(Path file) throws IOException {
        try {
            return Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
        } catch (NoSuchFileException gone) {
            return null;
        }
    }

    /** Who holds it, for a person looking at the runtime directory; written through the locked channel. */
    private static void write(FileChannel channel, Path key) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap((ProcessHandle.current().pid() + "\n" + key + "\n")
                .getBytes(StandardCharsets.UTF_8));
        channel.truncate(0);
        long position = 0;
        while (buffer.hasRemaining()) {
            position += channel.write(buffer, position);
        }
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** A held purge lock; closing it deletes the lock file, then releases the lock (Firefox's unlock and cleanup). */
    static final class Held implements AutoCloseable {
        private final Path file;
        private final FileLock lock;

        private Held(Path file, FileLock lock) {
            this.file = file;
            this.lock = lock;
        }

        Path file() {
            return file;
        }

        @Override
        public void close() {
            try {
                // Deleted while still locked, so that a waiter that opened it can tell (see the class comment).
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // a stale lock file is reused by the next holder
            }
            PrivateFiles.release(lock);
        }
    }
}
