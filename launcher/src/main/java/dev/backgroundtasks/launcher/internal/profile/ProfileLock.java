package dev.backgroundtasks.launcher.internal.profile;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

import dev.backgroundtasks.launcher.internal.files.FileLocks;
import dev.backgroundtasks.internal.files.PrivateFiles;

/**
 * An exclusive lock on a directory through the file {@code .parentlock} in it (Firefox's name on
 * Linux). The operating system releases it when the process dies, so a killed run never blocks others.
 */
final class ProfileLock implements AutoCloseable {
    static final String FILE = PrivateFiles.PROFILE_LOCK;

    private final FileLocks.Held held;

    private ProfileLock(FileLocks.Held held) {
        this.held = held;
    }

    /** Tries once; empty if another process (or another run in this JVM) holds it. */
    static Optional<ProfileLock> tryAcquire(Path directory) throws IOException {
        return FileLocks.tryLock(directory.resolve(FILE), false).map(ProfileLock::new);
    }

    /** Firefox's LockProfile: retry for 5 s every 100 ms. */
    static Optional<ProfileLock> acquire(Path directory, long retryMillis) throws IOException {
        return FileLocks.lock(directory.resolve(FILE), false, retryMillis).map(ProfileLock::new);
    }

    @Override
    public void close() {
        held.close();
    }
}
