package dev.backgroundtasks.launcher.internal.warm;

import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import dev.backgroundtasks.launcher.internal.run.JulConfig;

/**
 * A warm run's JUL configuration (JDK 24 and later): the launcher's own ({@link JulConfig}, so JUL and
 * System.Logger write through the run's console as in a cold run), and a handler on the logger
 * {@code java.lang.Runtime}, kept from its parents, that passes the code of "Runtime.exit(n)" to
 * {@link ExitCodes}. JUL creates it by reflection when it is first used.
 */
public final class WarmJulConfig {
    /** JUL holds loggers weakly: the configured one is kept here. */
    private static Logger runtime;

    public WarmJulConfig() {
        new JulConfig();
        Logger logger = Logger.getLogger("java.lang.Runtime");
        logger.setUseParentHandlers(false);
        logger.setLevel(Level.FINE);
        logger.addHandler(new Handler() {
            @Override
            public void publish(LogRecord record) {
                Throwable thrown = record.getThrown();
                String message = thrown == null ? null : thrown.getMessage();
                if (message != null && message.startsWith("Runtime.exit(") && message.endsWith(")")) {
                    try {
                        ExitCodes.exiting(Integer.parseInt(message.substring("Runtime.exit(".length(), message.length() - 1)));
                    } catch (NumberFormatException e) {
                        // not the JDK's message
                    }
                }
            }

            @Override
            public void flush() {
                // nothing buffered
            }

            @Override
            public void close() {
                // nothing held
            }
        });
        runtime = logger;
    }
}
