package dev.backgroundtasks.testing.framework;

import java.util.Map;

import dev.backgroundtasks.api.Preferences;

/** Preferences kept in a map: what the test gave, and what the task sets. */
final class InMemoryPreferences implements Preferences {
    private final Map<String, Object> values;
    private final Object lock;

    InMemoryPreferences(Map<String, Object> values, Object lock) {
        this.values = values;
        this.lock = lock;
    }

    static Object checked(Object value) {
        if (value instanceof Integer || value instanceof Boolean || value instanceof String) {
            return value;
        }
        throw new IllegalArgumentException("a preference is an Integer, a Boolean or a String, not " + value);
    }

    private Object get(String name) {
        synchronized (lock) {
            return values.get(name);
        }
    }

    @Override
    public int getInt(String name, int defaultValue) {
        return get(name) instanceof Integer i ? i : defaultValue;
    }

    @Override
    public boolean getBoolean(String name, boolean defaultValue) {
        return get(name) instanceof Boolean b ? b : defaultValue;
    }

    @Override
    public String getString(String name, String defaultValue) {
        return get(name) instanceof String s ? s : defaultValue;
    }

    @Override
    public void set(String name, Object value) {
        Object checked = checked(value);
        synchronized (lock) {
            values.put(name, checked);
        }
    }
}
