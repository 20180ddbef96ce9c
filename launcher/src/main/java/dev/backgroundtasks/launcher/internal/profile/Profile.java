package dev.backgroundtasks.launcher.internal.profile;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import dev.backgroundtasks.launcher.internal.files.SafeFiles;

/**
 * The profile directory of a run (docs/reference/profiles.md): ephemeral (created under the temp root and
 * removed when the process ends on every path) or explicit (created if missing, never removed).
 * Locked while in use.
 */
public final class Profile {
    static final long LOCK_RETRY_MS = 5_000;
    static final int PREDICTABLE_NAMES = 10;
    private static final int UNPREDICTABLE_TRIES = 100;

    private final Path directory;
    private final boolean ephemeral;
    private final boolean remove;
    private ProfileLock lock;
    private boolean closed;

    private Profile(Path directory, boolean ephemeral, boolean remove, ProfileLock lock) {
        this.directory = directory;
        this.ephemeral = ephemeral;
        this.remove = remove;
        this.lock = lock;
    }

    /** The profile a run failed to get, with the exit code and the one line to print. */
    public static final class ProfileException extends Exception {
        private static final long serialVersionUID = 1L;

        public ProfileException(String message) {
            super(message);
        }
    }

    /** An explicit profile: created 0700 if missing, locked (retry 5 s), never deleted. */
    public static Profile explicit(Path directory) throws ProfileException {
        if (Files.exists(directory) && !Files.isDirectory(directory)) {
            throw new ProfileException("the profile " + directory + " is not a directory; give --profile a directory");
        }
        return new Profile(directory, false, false, lock(own(directory, "give --profile a writable directory of your own")));
    }

    /** A persistent profile: the user's own, kept, locked (retry 5 s). */
    public static Profile persistent(Path directory) throws ProfileException {
        return new Profile(directory, false, false, lock(own(directory, "set BACKGROUNDTASKS_DATA_DIR to a directory of your own")));
    }

    /** Created 0700 if missing; refused when it is not a directory of the running user. */
    private static Path own(Path directory, String hint) throws ProfileException {
        try {
            SafeFiles.ensurePrivateDirectory(directory);
            return directory;
        } catch (IOException e) {
            throw new ProfileException("cannot use the profile " + SafeFiles.describe(directory, e) + "; " + hint);
        }
    }

    /**
     * A new ephemeral profile {@code BackgroundTask-<installHash>-<NAME>} (then {@code .1} ... {@code .9})
     * under the temp root, created 0700 and locked before anyone can purge it. After those
     * {@value #PREDICTABLE_NAMES} names the suffix is an unpredictable number, so that another user who
     * creates the names first in a shared temp root cannot make the run fail (docs/reliability.md, rule 5).
     */
    public static Profile ephemeral(Path tempRoot, String prefix, boolean remove) throws ProfileException {
        for (int i = 0; i < PREDICTABLE_NAMES + UNPREDICTABLE_TRIES; i++) {
            Path candidate = tempRoot.resolve(i == 0 ? prefix : prefix + "." + (i < PREDICTABLE_NAMES ? i
                    : PREDICTABLE_NAMES + SafeFiles.random().nextInt(Integer.MAX_VALUE - PREDICTABLE_NAMES)));
            try {
                SafeFiles.createPrivateDirectory(candidate);
            } catch (FileAlreadyExistsException taken) {
                continue;
            } catch (IOException | SecurityException e) {
                throw new ProfileException("could not determine any profile running in background task mode: cannot create "
                        + (e instanceof IOException io ? SafeFiles.describe(candidate, io) : candidate + " (" + e.getMessage() + ")")
                        + "; check TMPDIR");
            }
            try {
                Optional<ProfileLock> lock = ProfileLock.tryAcquire(candidate);
                if (lock.isPresent()) {
                    return new Profile(candidate, true, remove, lock.get());
                }
            } catch (IOException e) {
                // removed under us (a concurrent purge with BACKGROUNDTASKS_PURGE_STALE_PROFILES=always): next name
                continue;
            }
        }
        throw new ProfileException("could not determine any profile running in background task mode: "
                + (PREDICTABLE_NAMES + UNPREDICTABLE_TRIES) + " profile names tried for " + prefix + " in " + tempRoot);
    }

    private static ProfileLock lock(Path directory) throws ProfileException {
        try {
            return ProfileLock.acquire(directory, LOCK_RETRY_MS).orElseThrow(() -> new ProfileException(
                    "the profile " + directory + " is in use by another process; wait for it to finish or use another profile"));
        } catch (IOException e) {
            throw new ProfileException("cannot lock the profile " + SafeFiles.describe(directory.resolve(ProfileLock.FILE), e));
        }
    }

    public Path directory() {
        return directory;
    }

    public boolean isEphemeral() {
        return ephemeral;
    }

    /** Unlocks, and removes an ephemeral profile unless BACKGROUNDTASKS_NO_REMOVE_PROFILE. Idempotent. */
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (lock != null) {
            lock.close();
            lock = null;
        }
        if (ephemeral && remove) {
            SafeFiles.removeTree(directory);
        }
    }
}
