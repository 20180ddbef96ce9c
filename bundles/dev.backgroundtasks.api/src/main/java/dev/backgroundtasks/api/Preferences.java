package dev.backgroundtasks.api;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The run's preferences: {@code defaults/prefs.properties}, then in background task mode
 * {@code defaults/backgroundtasks.properties}, then the profile's {@code prefs.properties}, then
 * {@code --pref}. A getter returns its default when the preference is absent or of another type.
 */
@ProviderType
public interface Preferences {
    int getInt(String name, int defaultValue);

    boolean getBoolean(String name, boolean defaultValue);

    String getString(String name, String defaultValue);

    /**
     * Sets a preference for the rest of the run and, in a non-ephemeral profile, writes it
     * atomically to the profile's {@code prefs.properties}.
     *
     * @param value an Integer, Boolean or String
     * @throws IllegalArgumentException for any other value
     */
    void set(String name, Object value);
}
