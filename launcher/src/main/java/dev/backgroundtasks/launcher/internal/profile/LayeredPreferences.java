package dev.backgroundtasks.launcher.internal.profile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

import dev.backgroundtasks.api.Preferences;

import dev.backgroundtasks.launcher.internal.files.PlatformFile;
import dev.backgroundtasks.launcher.internal.files.SafeFiles;
import dev.backgroundtasks.launcher.internal.output.LogFormat;

/**
 * The run's preferences (docs/reference/preferences.md): {@code defaults/prefs.properties}, then in background
 * task mode {@code defaults/backgroundtasks.properties}, then the profile's {@code prefs.properties},
 * then {@code --pref}. Only values a task sets are written back, atomically, and only to a
 * non-ephemeral profile.
 */
public final class LayeredPreferences implements Preferences {
    public static final String DEFAULT_TIMEOUT_SEC = "toolkit.backgroundtasks.defaultTimeoutSec";
    public static final String DEFAULT_MIN_RUNTIME_MS = "toolkit.backgroundtasks.defaultMinTaskRuntimeMS";
    public static final String SHUTDOWN_TIMEOUT_SEC = "toolkit.backgroundtasks.shutdownTimeoutSec";
    public static final String LOGLEVEL = "toolkit.backgroundtasks.loglevel";
    public static final String SLOW_HANDLER_MS = "toolkit.backgroundtasks.actors.slowHandlerMs";
    /** {@code off} keeps the installation's (or a run's) tasks off the warm host; {@code auto} is the default. */
    public static final String WARM_HOST = "toolkit.backgroundtasks.warmHost";
    static final Set<String> PLATFORM_NAMES = Set.of(DEFAULT_TIMEOUT_SEC, DEFAULT_MIN_RUNTIME_MS,
            SHUTDOWN_TIMEOUT_SEC, LOGLEVEL, SLOW_HANDLER_MS, LogFormat.PREFERENCE, WARM_HOST);
    public static final String PROFILE_FILE = "prefs.properties";
    private static final Pattern INT = Pattern.compile("-?[0-9]+");

    private final Map<String, Object> values = new LinkedHashMap<>();
    private final Map<String, Object> saved = new TreeMap<>();
    private Path profileFile;

    /** A background run's first two layers: the installation's defaults, then its background defaults. */
    public static LayeredPreferences backgroundDefaults(Path defaults) {
        LayeredPreferences prefs = new LayeredPreferences();
        prefs.layer(read(defaults.resolve("prefs.properties")));
        prefs.layer(read(defaults.resolve("backgroundtasks.properties")));
        return prefs;
    }

    /** Reads a preference file of the installation ({@code defaults/}); a missing file is empty. */
    public static Map<String, Object> read(Path file) {
        return file == null ? new LinkedHashMap<>() : values(PlatformFile.loadInstalled(file));
    }

    /** Reads a profile's preference file, never through a link; a missing file is empty. */
    static Map<String, Object> readProfile(Path file) {
        return values(PlatformFile.load(file));
    }

    private static Map<String, Object> values(Properties p) {
        Map<String, Object> result = new LinkedHashMap<>();
        for (String name : new TreeMap<>(p).keySet().stream().map(Object::toString).toList()) {
            result.put(name, parse(p.getProperty(name)));
        }
        return result;
    }

    /** A value is a boolean if exactly true or false, an int if it matches -?[0-9]+ and fits, else a string. */
    public static Object parse(String text) {
        if (text.equals("true")) {
            return Boolean.TRUE;
        }
        if (text.equals("false")) {
            return Boolean.FALSE;
        }
        if (INT.matcher(text).matches()) {
            try {
                return Integer.valueOf(text);
            } catch (NumberFormatException tooLarge) {
                return text;
            }
        }
        return text;
    }

    /** Adds a layer over the ones before it. */
    public synchronized void layer(Map<String, ?> layer) {
        values.putAll(layer);
    }

    /** Adds the profile's own layer; {@code writable} when set() should write back to it. */
    public synchronized void profileLayer(Path file, boolean writable) {
        Map<String, Object> existing = readProfile(file);
        values.putAll(existing);
        if (writable) {
            profileFile = file;
            saved.putAll(existing);
        }
    }

    /** Names under {@code toolkit.backgroundtasks.} that the platform does not know. */
    public synchronized Set<String> unknownPlatformNames() {
        Set<String> unknown = new java.util.TreeSet<>();
        for (String name : values.keySet()) {
            if (name.startsWith("toolkit.backgroundtasks.") && !PLATFORM_NAMES.contains(name)) {
                unknown.add(name);
            }
        }
        return unknown;
    }

    /**
     * The preferences with a {@code testing} segment in their name, as Firefox names a test's settings
     * ({@code toolkit.background_tasks.remove_directory.testing.sleep_ms}), in name order.
     */
    public synchronized Map<String, Object> testingPreferences() {
        Map<String, Object> testing = new TreeMap<>();
        values.forEach((name, value) -> {
            if (name.contains(".testing.")) {
                testing.put(name, value);
            }
        });
        return testing;
    }

    @Override
    public synchronized int getInt(String name, int defaultValue) {
        return values.get(name) instanceof Integer i ? i : defaultValue;
    }

    @Override
    public synchronized boolean getBoolean(String name, boolean defaultValue) {
        return values.get(name) instanceof Boolean b ? b : defaultValue;
    }

    @Override
    public synchronized String getString(String name, String defaultValue) {
        return values.get(name) instanceof String s ? s : defaultValue;
    }

    @Override
    public synchronized void set(String name, Object value) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("a preference needs a name");
        }
        if (!(value instanceof Integer || value instanceof Boolean || value instanceof String)) {
            throw new IllegalArgumentException("preference " + name + ": an Integer, Boolean or String, not "
                    + (value == null ? "null" : value.getClass().getName()));
        }
        values.put(name, value);
        if (profileFile != null) {
            saved.put(name, value);
            write();
        }
    }

    /** Write then rename: a crash never leaves a half-written file. */
    private void write() {
        Properties p = new Properties();
        saved.forEach((k, v) -> p.setProperty(k, v.toString()));
        try {
            java.io.ByteArrayOutputStream content = new java.io.ByteArrayOutputStream();
            p.store(new java.io.OutputStreamWriter(content, StandardCharsets.UTF_8), null);
            SafeFiles.replace(profileFile, content.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save preferences to " + SafeFiles.describe(profileFile, e), e);
        }
    }
}
