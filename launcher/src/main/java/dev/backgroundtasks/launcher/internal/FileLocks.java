package dev.backgroundtasks.launcher.internal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * OS file locks (released by the operating system when the process dies) with one rule Java does not
 * keep for us: on Linux, closing any descriptor of a file drops every POSIX lock this process holds
 * on it. So a second attempt from this JVM must never open the file at all: the files this JVM
 * holds are remembered and refused up front.
 */
final class FileLocks {
    private static final Set<Path> HELD = new HashSet<>();

    private FileLocks() {
    }

    /** A held lock; closing it releases it. */
    static final class Held implements AutoCloseable {
        private final Path key;
        private final FileChannel channel;
        private final FileLock lock;
        private boolean closed;

        private Held(Path key, FileChannel channel, FileLock lock) {
            this.key = key;
            this.channel = channel;
            this.lock = lock;
        }

        boolean isShared() {
            return lock.isShared();
        }

        @Override
        public void close() {
            synchronized (HELD) {
                if (closed) {
                    return;
                }
                closed = true;
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
                HELD.remove(key);
            }
        }
    }

    /** Tries once; empty if this JVM or another process holds the file. */
    static Optional<Held> tryLock(Path file, boolean shared) throws IOException {
        Path key = file.toAbsolutePath().normalize();
        synchronized (HELD) {
            if (!HELD.add(key)) {
                return Optional.empty();
            }
        }
        FileChannel channel = null;
        try {
            channel = SafeFiles.openPrivate(file);
            FileLock lock = channel.tryLock(0, Long.MAX_VALUE, shared);
            if (lock != null) {
                return Optional.of(new Held(key, channel, lock));
            }
        } catch (OverlappingFileLockException held) {
            // cannot happen while HELD is kept, but never let it escape
        } catch (IOException | RuntimeException e) {
            release(key, channel);
            throw e;
        }
        release(key, channel);
        return Optional.empty();
    }

    /** Retries every 50 ms until {@code waitMillis} have passed: every lock wait is bounded (docs/reliability.md, rule 8). */
    static Optional<Held> lock(Path file, boolean shared, long waitMillis) throws IOException {
        long deadline = System.nanoTime() + waitMillis * 1_000_000L;
        while (true) {
            Optional<Held> held = tryLock(file, shared);
            if (held.isPresent() || System.nanoTime() - deadline >= 0) {
                return held;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
        }
    }

    private static void release(Path key, FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing was locked
            }
        }
        synchronized (HELD) {
            HELD.remove(key);
        }
    }
}
