package dev.backgroundtasks.launcher.internal;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The launcher's output (contract section 6): the banner, warnings held until the task's no-output
 * setting is known, log lines by {@code toolkit.backgroundtasks.loglevel}, and the one line a platform
 * failure always prints, even for a no-output task. Its lines go through {@link BoundedLines}, so that
 * a reader that stopped reading never blocks the process.
 */
final class Console {
    static final String BANNER = "*** You are running in background task mode. ***";
    private static final String PREFIX = "backgroundtasks: ";

    enum Level { ERROR, WARN, INFO, DEBUG;
        static Level of(String name) {
            try {
                return valueOf(name.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException | NullPointerException e) {
                return ERROR;
            }
        }
    }

    private final PrintStream out;
    private final PrintStream err;
    private final BoundedLines lines;
    private final List<String> held = new ArrayList<>();
    private boolean holding = true;
    private volatile boolean silenced;
    private volatile Level level = Level.ERROR;
    private volatile String firstFailure;

    Console(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
        this.lines = new BoundedLines(err);
    }

    PrintStream out() {
        return silenced ? nullStream() : out;
    }

    PrintStream err() {
        return silenced ? nullStream() : err;
    }

    void level(Level level) {
        this.level = level;
    }

    Level level() {
        return level;
    }

    boolean isSilenced() {
        return silenced;
    }

    /** A lookup warning: printed whatever the loglevel, held until {@link #release} or {@link #silence}. */
    synchronized void warnAlways(String message) {
        if (holding) {
            held.add(message);
        } else if (!silenced) {
            lines.println(PREFIX + "warning: " + message);
        }
    }

    /** Ordinary task: print the banner, then what was held. */
    synchronized void release(boolean banner) {
        holding = false;
        if (banner) {
            lines.println(BANNER);
        }
        for (String m : held) {
            lines.println(PREFIX + "warning: " + m);
        }
        held.clear();
    }

    /** No-output task: drop what was held and send System.out and System.err nowhere. */
    synchronized void silence() {
        holding = false;
        silenced = true;
        held.clear();
        System.setOut(nullStream());
        System.setErr(nullStream());
    }

    /** A platform failure's one line: printed even for a no-output task, since the exit code alone says little. */
    void failure(String message) {
        noteFailure(message);
        lines.println(PREFIX + message);
    }

    void error(String message) {
        log(Level.ERROR, message);
    }

    void warn(String message) {
        log(Level.WARN, message);
    }

    void info(String message) {
        log(Level.INFO, message);
    }

    void debug(String message) {
        log(Level.DEBUG, message);
    }

    boolean isEnabled(Level l) {
        return !silenced && l.ordinal() <= level.ordinal();
    }

    /** The first failure or error line of this run, printed or not (run history's reason), or null. */
    String firstFailure() {
        return firstFailure;
    }

    private synchronized void noteFailure(String message) {
        if (firstFailure == null) {
            firstFailure = message;
        }
    }

    private void log(Level l, String message) {
        if (l == Level.ERROR) {
            noteFailure(message);
        }
        if (isEnabled(l)) {
            lines.println(PREFIX + (l == Level.ERROR ? "" : l.name().toLowerCase(Locale.ROOT) + ": ") + message);
        }
    }

    static PrintStream nullStream() {
        return new PrintStream(OutputStream.nullOutputStream(), false);
    }
}
