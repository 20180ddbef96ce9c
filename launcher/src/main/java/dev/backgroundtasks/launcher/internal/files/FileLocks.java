package dev.backgroundtasks.launcher.internal.files;

import java.io.IOException;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

import dev.backgroundtasks.internal.files.PrivateFiles;

/**
 * OS file locks (released by the operating system when the process dies) with one rule Java does not
 * keep for us: on Linux, closing any descriptor of a file drops every POSIX lock this process holds
 * on it. So a second attempt from this JVM must never open the file at all: the files this JVM
 * holds are remembered and refused up front.
 */
public final class FileLocks {
    private static final Set<Path> HELD = new HashSet<>();

    private FileLocks() {
    }

    /** A held lock; closing it releases it. */
    public static final class Held implements AutoCloseable {
        private final Path key;
        private final FileLock lock;
        private boolean closed;

        private Held(Path key, FileLock lock) {
            this.key = key;
            this.lock = lock;
        }

        public boolean isShared() {
            return lock.isShared();
        }

        @Override
        public void close() {
            synchronized (HELD) {
                if (closed) {
                    return;
                }
                closed = true;
                PrivateFiles.release(lock);
                HELD.remove(key);
            }
        }
    }

    /** Tries once; empty if this JVM or another process holds the file. */
    public static Optional<Held> tryLock(Path file, boolean shared) throws IOException {
        Path key = file.toAbsolutePath().normalize();
        synchronized (HELD) {
            if (!HELD.add(key)) {
                return Optional.empty();
            }
        }
        try {
            FileLock lock = PrivateFiles.tryLock(SafeFiles.openPrivate(file), shared); // closes the channel unless locked
            if (lock != null) {
                return Optional.of(new Held(key, lock));
            }
        } catch (IOException | RuntimeException e) {
            forget(key);
            throw e;
        }
        forget(key);
        return Optional.empty();
    }

    /** Retries every 50 ms until {@code waitMillis} have passed: every lock wait is bounded (docs/reliability.md, rule 8). */
    public static Optional<Held> lock(Path file, boolean shared, long waitMillis) throws IOException {
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

    private static void forget(Path key) {
        synchronized (HELD) {
            HELD.remove(key);
        }
    }
}
