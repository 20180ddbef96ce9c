package dev.backgroundtasks.launcher.internal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * An exclusive lock on a directory through the file {@code .parentlock} in it (Firefox's name on
 * Linux). The operating system releases it when the process dies, so a killed run never blocks others.
 */
final class ProfileLock implements AutoCloseable {
    static final String FILE = ".parentlock";

    private final FileChannel channel;
    private final FileLock lock;

    private ProfileLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** Tries once; empty if another process (or another run in this JVM) holds it. */
    static Optional<ProfileLock> tryAcquire(Path directory) throws IOException {
        FileChannel channel = FileChannel.open(directory.resolve(FILE), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
        try {
            FileLock lock = channel.tryLock();
            if (lock != null) {
                return Optional.of(new ProfileLock(channel, lock));
            }
        } catch (OverlappingFileLockException held) {
            // held by this JVM
        }
        channel.close();
        return Optional.empty();
    }

    /** Firefox's LockProfile: retry for 5 s every 100 ms. */
    static Optional<ProfileLock> acquire(Path directory, long retryMillis) throws IOException {
        long deadline = System.nanoTime() + retryMillis * 1_000_000L;
        while (true) {
            Optional<ProfileLock> lock = tryAcquire(directory);
            if (lock.isPresent() || System.nanoTime() >= deadline) {
                return lock;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException | RuntimeException ignored) {
            // released anyway when the channel closes
        }
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing left to release
        }
    }
}
