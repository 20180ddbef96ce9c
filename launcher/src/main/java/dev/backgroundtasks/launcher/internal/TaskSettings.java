package dev.backgroundtasks.launcher.internal;

import java.util.Map;

/** A task's settings as its bundle's manifest capability declares them (contract section 2). */
record TaskSettings(long timeoutSec, long minRuntimeMs, boolean noOutput, boolean persistentProfile,
        boolean updating, boolean exclusive) {

    static final TaskSettings DEFAULTS = new TaskSettings(0, -1, false, false, false, false);

    /** Reads the attributes; absent ones keep their defaults, so bundles built against any 1.x API read. */
    static TaskSettings of(Map<String, Object> attributes) {
        return new TaskSettings(
                number(attributes.get("timeoutSec"), DEFAULTS.timeoutSec),
                number(attributes.get("minRuntimeMs"), DEFAULTS.minRuntimeMs),
                bool(attributes.get("noOutput")),
                bool(attributes.get("persistentProfile")),
                bool(attributes.get("updating")),
                bool(attributes.get("exclusive")));
    }

    private static long number(Object value, long defaultValue) {
        if (value instanceof Number n) {
            return n.longValue();
        }
        if (value != null) {
            try {
                return Long.parseLong(value.toString().trim());
            } catch (NumberFormatException e) {
                return defaultValue;
            }
        }
        return defaultValue;
    }

    private static boolean bool(Object value) {
        return value != null && "true".equalsIgnoreCase(value.toString().trim());
    }

    @Override
    public String toString() {
        return "timeoutSec=" + timeoutSec + ",minRuntimeMs=" + minRuntimeMs + ",noOutput=" + noOutput
                + ",persistentProfile=" + persistentProfile + ",updating=" + updating + ",exclusive=" + exclusive;
    }
}
