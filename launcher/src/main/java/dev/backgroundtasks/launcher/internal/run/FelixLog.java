package dev.backgroundtasks.launcher.internal.run;

import org.apache.felix.framework.Logger;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceReference;

import dev.backgroundtasks.launcher.internal.output.Console;

/**
 * Felix's log sink ({@code felix.log.logger}). Felix prints to stdout by default; the platform's log
 * lines belong on stderr, at the configured level, and silent for no-output tasks.
 */
public final class FelixLog extends Logger {
    private final Console console;

    FelixLog(Console console) {
        this.console = console;
    }

    /** Felix's levels: 1 error, 2 warning, 3 info, 4 debug. */
    @Override
    protected void doLog(Bundle bundle, @SuppressWarnings("rawtypes") ServiceReference sr, int level, String message,
            Throwable throwable) {
        String line = "framework: " + (bundle == null ? "" : bundle.getSymbolicName() + ": ") + message
                + (throwable == null ? "" : " (" + throwable + ")");
        // a damaged entry of a reused storage slot: Felix removes it and the launcher installs the bundle again
        boolean recovered = level == 1 && message != null && message.startsWith("Error reloading cached bundle");
        switch (recovered ? 2 : level) {
            case 1 -> console.error(line);
            case 2 -> console.warn(line);
            case 3 -> console.info(line);
            default -> console.debug(line);
        }
    }

    /** The resolver's own log calls (WIRE lines at debug) arrive here. */
    @Override
    protected void doLog(int level, String message, Throwable throwable) {
        doLog(null, null, level, message, throwable);
    }

    static String felixLevel(Console.Level level) {
        return Integer.toString(level.ordinal() + 1);
    }
}
