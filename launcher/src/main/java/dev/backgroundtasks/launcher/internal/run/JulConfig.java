package dev.backgroundtasks.launcher.internal.run;

import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import dev.backgroundtasks.launcher.internal.output.Console;

/**
 * JUL's configuration ({@code java.util.logging.config.class}, set by the launcher): JUL and
 * {@code System.Logger} (whose default backend is JUL) write through the console, in the format and at the
 * level of every other entry, silent for no-output tasks. JUL reads the property only when something first
 * logs, so a run that does not use JUL never loads it.
 */
public final class JulConfig {
    /** How many times JUL was configured in this JVM (a warm host's rehearsal must leave it at 0). */
    private static volatile int configured;

    public JulConfig() {
        configured++;
        Console console = Console.current();
        Logger root = Logger.getLogger("");
        for (Handler h : root.getHandlers()) {
            root.removeHandler(h);
        }
        if (console == null) {
            return;
        }
        root.setLevel(switch (console.level()) {
            case ERROR -> Level.SEVERE;
            case WARN -> Level.WARNING;
            case INFO -> Level.INFO;
            case DEBUG -> Level.FINEST;
        });
        root.addHandler(new Handler() {
            @Override
            public void publish(LogRecord record) {
                int v = record.getLevel().intValue();
                Console.Level level = v >= Level.SEVERE.intValue() ? Console.Level.ERROR
                        : v >= Level.WARNING.intValue() ? Console.Level.WARN
                        : v >= Level.INFO.intValue() ? Console.Level.INFO : Console.Level.DEBUG;
                String message = record.getMessage();
                try {
                    message = new java.util.logging.SimpleFormatter().formatMessage(record);
                } catch (RuntimeException keepRaw) {
                    // a bad pattern: the raw message
                }
                String name = record.getLoggerName();
                console.entry(level, level.name(), record.getMillis(), name == null || name.isEmpty() ? "jul" : name,
                        null, message, record.getThrown());
            }

            @Override
            public void flush() {
                // the console flushes each line
            }

            @Override
            public void close() {
                // nothing held
            }
        });
    }

    static int configured() {
        return configured;
    }
}
