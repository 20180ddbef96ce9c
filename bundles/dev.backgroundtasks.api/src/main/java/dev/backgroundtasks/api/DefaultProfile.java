package dev.backgroundtasks.api;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

import org.osgi.annotation.versioning.ProviderType;

/** The default persistent profile of normal mode, seen from a background task. */
@ProviderType
public interface DefaultProfile {
    /** The profile's path; empty under {@code BACKGROUNDTASKS_NO_DEFAULT_PROFILE}. */
    Optional<Path> path();

    /**
     * Runs the action while holding the profile's lock.
     *
     * @throws ProfileLockedException while normal mode holds it
     */
    <T> T withLock(Function<Path, T> action);

    /** The profile's saved preferences whose names match; empty if none. */
    Map<String, Object> readPreferences(Predicate<String> name);
}
