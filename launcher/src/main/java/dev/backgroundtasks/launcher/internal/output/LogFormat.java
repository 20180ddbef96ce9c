package dev.backgroundtasks.launcher.internal.output;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * One log entry as one line, whoever logged it: the platform, a bundle through the OSGi Log Service or
 * SLF4J, JUL or {@code System.Logger}. Text ({@code TIME LEVEL SOURCE: message [stack]}, the stack's line
 * breaks written as {@code \n}) or, with {@code toolkit.backgroundtasks.logformat=json}, a JSON object per
 * line with the same fields, for collectors.
 */
public final class LogFormat {
    public static final String PREFERENCE = "toolkit.backgroundtasks.logformat";

    /** Loaded on the first line written: a {@code success} run writes none and never loads java.time. */
    private static final class Clock {
        static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT)
                .withZone(ZoneOffset.UTC);
    }

    private final boolean json;

    private LogFormat(boolean json) {
        this.json = json;
    }

    static final LogFormat TEXT = new LogFormat(false);
    static final LogFormat JSON = new LogFormat(true);

    /** {@code text} (the default) or {@code json}; anything else is text. */
    public static LogFormat of(String name) {
        return "json".equalsIgnoreCase(name == null ? "" : name.trim()) ? JSON : TEXT;
    }

    boolean isJson() {
        return json;
    }

    /**
     * @param level  ERROR, WARN, INFO, DEBUG (or the Log Service's AUDIT and TRACE)
     * @param source the bundle's symbolic name, {@code backgroundtasks} for the platform, or a JUL logger
     * @param logger the logger's name when it says more than the source, else null
     */
    String line(long epochMillis, String level, String source, String logger, String message, Throwable thrown) {
        String time = Clock.TIME.format(java.time.Instant.ofEpochMilli(epochMillis));
        String stack = thrown == null ? null : stackOf(thrown);
        if (!json) {
            StringBuilder b = new StringBuilder(time).append(' ').append(level).append(' ').append(source).append(": ")
                    .append(oneLine(message));
            if (stack != null) {
                b.append(" [").append(oneLine(stack)).append(']');
            }
            return b.toString();
        }
        StringBuilder b = new StringBuilder("{");
        field(b, "time", time);
        field(b, "level", level);
        field(b, "bundle", source);
        if (logger != null) {
            field(b, "logger", logger);
        }
        field(b, "message", message == null ? "" : message);
        if (stack != null) {
            field(b, "exception", stack);
        }
        return b.append('}').toString();
    }

    static String stackOf(Throwable t) {
        StringWriter w = new StringWriter();
        t.printStackTrace(new PrintWriter(w));
        return w.toString().strip();
    }

    private static String oneLine(String s) {
        if (s == null) {
            return "";
        }
        return s.replace("\\", "\\\\").replace("\r", "\\r").replace("\n", "\\n").replace("\t", "\\t");
    }

    private static void field(StringBuilder b, String name, String value) {
        if (b.length() > 1) {
            b.append(',');
        }
        appendJson(b, name);
        b.append(':');
        appendJson(b, value);
    }

    /** A JSON string literal (the graph report writes its strings with it too). */
    public static void appendJson(StringBuilder b, String value) {
        b.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        b.append('"');
    }
}
