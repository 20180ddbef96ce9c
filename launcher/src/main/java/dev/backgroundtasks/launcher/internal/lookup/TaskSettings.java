package dev.backgroundtasks.launcher.internal.lookup;

import java.util.Map;

/** A task's settings as its bundle's manifest capability declares them (docs/reference/tasks.md). */
public record TaskSettings(long timeoutSec, long minRuntimeMs, boolean noOutput, boolean persistentProfile,
        boolean updating, boolean exclusive, boolean warmHost) {

    static final TaskSettings DEFAULTS = new TaskSettings(0, -1, false, false, false, false, false);

    /** The longest timeout: its nanoseconds, and the shutdown budget on top, still fit in a long. */
    static final long MAX_TIMEOUT_SEC = Integer.MAX_VALUE;
    static final long MAX_MIN_RUNTIME_MS = Integer.MAX_VALUE;

    /**
     * Reads the attributes; absent ones keep their defaults, so bundles built against any 1.x API read.
     * A value out of range (a timeout beyond what fits in a timer, a negative minimum runtime other
     * than -1, not a number) is an invalid declaration: IllegalArgumentException, never an overflow
     * into an immediate timeout (docs/reliability.md, rule 14).
     */
    static TaskSettings of(Map<String, Object> attributes) {
        return new TaskSettings(
                ranged("timeoutSec", attributes.get("timeoutSec"), DEFAULTS.timeoutSec, 0, MAX_TIMEOUT_SEC),
                ranged("minRuntimeMs", attributes.get("minRuntimeMs"), DEFAULTS.minRuntimeMs, -1, MAX_MIN_RUNTIME_MS),
                bool(attributes.get("noOutput")),
                bool(attributes.get("persistentProfile")),
                bool(attributes.get("updating")),
                bool(attributes.get("exclusive")),
                bool(attributes.get("warmHost")));
    }

    private static long ranged(String name, Object value, long defaultValue, long min, long max) {
        if (value == null) {
            return defaultValue;
        }
        long n;
        if (value instanceof Number number && !(value instanceof Double || value instanceof Float)) {
            n = number.longValue();
        } else {
            try {
                n = Long.parseLong(value.toString().trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(name + "=" + value + ", not a whole number");
            }
        }
        if (n < min || n > max) {
            throw new IllegalArgumentException(name + "=" + value + ", outside " + min + ".." + max);
        }
        return n;
    }

    private static boolean bool(Object value) {
        return value != null && "true".equalsIgnoreCase(value.toString().trim());
    }

    @Override
    public String toString() {
        return "timeoutSec=" + timeoutSec + ",minRuntimeMs=" + minRuntimeMs + ",noOutput=" + noOutput
                + ",persistentProfile=" + persistentProfile + ",updating=" + updating + ",exclusive=" + exclusive
                + ",warmHost=" + warmHost;
    }
}
