package dev.backgroundtasks.launcher.internal.profile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

import dev.backgroundtasks.api.DefaultProfile;
import dev.backgroundtasks.api.ProfileLockedException;

import dev.backgroundtasks.launcher.internal.files.SafeFiles;

/** The default profile of normal mode, as a background task sees it. */
public final class DefaultProfileService implements DefaultProfile {
    private final Optional<Path> path;

    public DefaultProfileService(Optional<Path> path) {
        this.path = path;
    }

    /** {@code BACKGROUNDTASKS_DEFAULT_PROFILE_PATH}, else the recorded default profile; empty under
     *  {@code BACKGROUNDTASKS_NO_DEFAULT_PROFILE}. */
    public static Optional<Path> locate(Map<String, String> env, String installHash) {
        if (!isEmpty(env.get("BACKGROUNDTASKS_NO_DEFAULT_PROFILE"))) {
            return Optional.empty();
        }
        String explicit = env.get("BACKGROUNDTASKS_DEFAULT_PROFILE_PATH");
        if (!isEmpty(explicit)) {
            return Optional.of(SafeFiles.pathOf("BACKGROUNDTASKS_DEFAULT_PROFILE_PATH", explicit).toAbsolutePath());
        }
        return Optional.of(PersistentProfiles.dataDirectory(env).resolve("default-" + installHash));
    }

    @Override
    public Optional<Path> path() {
        return path;
    }

    @Override
    public <T> T withLock(Function<Path, T> action) {
        Path dir = path.orElseThrow(() -> new IllegalStateException("there is no default profile"));
        try {
            SafeFiles.ensurePrivateDirectory(dir);
            Optional<ProfileLock> lock = ProfileLock.tryAcquire(dir);
            if (lock.isEmpty()) {
                throw new ProfileLockedException("the default profile " + dir + " is in use by the running application");
            }
            try (ProfileLock held = lock.get()) {
                return action.apply(dir);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public Map<String, Object> readPreferences(Predicate<String> name) {
        Map<String, Object> result = new LinkedHashMap<>();
        path.ifPresent(dir -> LayeredPreferences.readProfile(dir.resolve(LayeredPreferences.PROFILE_FILE)).forEach((k, v) -> {
            if (name.test(k)) {
                result.put(k, v);
            }
        }));
        return result;
    }

    private static boolean isEmpty(String s) {
        return s == null || s.isEmpty();
    }
}
