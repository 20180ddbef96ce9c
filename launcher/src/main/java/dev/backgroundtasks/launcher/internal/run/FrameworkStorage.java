package dev.backgroundtasks.launcher.internal.run;

import java.nio.file.Path;

import dev.backgroundtasks.launcher.internal.profile.RuntimeDirectory;

/**
 * Where a run's framework keeps its bundle cache: a fresh folder in the profile, or a slot of the
 * installation's pool ({@link StorageSlots}), held under the slot's lock until {@link #release}.
 */
final class FrameworkStorage {
    private final Path path;
    private final boolean reused;
    private final Path slot;
    private final String key;
    private RuntimeDirectory.Lock lock;

    private FrameworkStorage(Path path, boolean reused, Path slot, String key, RuntimeDirectory.Lock lock) {
        this.path = path;
        this.reused = reused;
        this.slot = slot;
        this.key = key;
        this.lock = lock;
    }

    /** A fresh, empty folder that the run owns alone. */
    static FrameworkStorage fresh(Path path) {
        return new FrameworkStorage(path, false, null, null, null);
    }

    /** A slot of the pool, held under {@code lock}; {@code reused} when a previous run prepared it for the same jars. */
    static FrameworkStorage slot(Path path, boolean reused, Path slot, String key, RuntimeDirectory.Lock lock) {
        return new FrameworkStorage(path, reused, slot, key, lock);
    }

    Path path() {
        return path;
    }

    /** Whether the framework finds the bundle cache of a previous run here (Felix must not clean it). */
    boolean reused() {
        return reused;
    }

    /** Whether this is a slot of the pool, which keeps SCR's metadata cache for the next run. */
    boolean pooled() {
        return slot != null;
    }

    /**
     * Ends the run's use: a slot whose framework stopped cleanly has every bundle's data area wiped but
     * SCR's cache, and is sealed for the next run; any other slot is left unsealed, so that the next
     * run wipes it. The slot's lock is released either way; once.
     */
    void release(FrameworkSession session) {
        if (lock == null) {
            return;
        }
        try {
            if (session != null && session.stoppedCleanly()) {
                StorageSlots.seal(slot, path, key, session.installedIds(), session.scrId());
            }
        } finally {
            lock.close();
            lock = null;
        }
    }
}
