package dev.backgroundtasks.launcher.internal.output;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The launcher's output (docs/reference/profiles.md: profiles and output): the banner, warnings held until the task's no-output
 * setting is known, log lines by {@code toolkit.backgroundtasks.loglevel}, and the one line a platform
 * failure always prints, even for a no-output task. Its lines go through {@link BoundedLines}, so that
 * a reader that stopped reading never blocks the process.
 */
public final class Console {
    static final String BANNER = "*** You are running in background task mode. ***";
    static final String SOURCE = "backgroundtasks";

    public enum Level { ERROR, WARN, INFO, DEBUG;
        public static Level of(String name) {
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
    private volatile LogFormat format = LogFormat.TEXT;
    /** The console of the run, for JUL's handler, which JUL creates by reflection ({@link JulConfig}). */
    private static volatile Console current;

    public Console(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
        this.lines = new BoundedLines(err);
        current = this;
    }

    public static Console current() {
        return current;
    }

    public void format(LogFormat format) {
        this.format = format;
    }

    PrintStream out() {
        return silenced ? nullStream() : out;
    }

    PrintStream err() {
        return silenced ? nullStream() : err;
    }

    public void level(Level level) {
        this.level = level;
    }

    public Level level() {
        return level;
    }

    boolean isSilenced() {
        return silenced;
    }

    /** A lookup warning: printed whatever the loglevel, held until {@link #release} or {@link #silence}. */
    public synchronized void warnAlways(String message) {
        if (holding) {
            held.add(message);
        } else if (!silenced) {
            lines.println(line(Level.WARN, message));
        }
    }

    /** Ordinary task: print the banner, then what was held. */
    public synchronized void release(boolean banner) {
        holding = false;
        if (banner) {
            lines.println(BANNER);
        }
        for (String m : held) {
            lines.println(line(Level.WARN, m));
        }
        held.clear();
    }

    /** No-output task: drop what was held and send System.out and System.err nowhere. */
    public synchronized void silence() {
        holding = false;
        silenced = true;
        held.clear();
        System.setOut(nullStream());
        System.setErr(nullStream());
    }

    /** A line the user must see whatever the loglevel (what started, how to stop it); nothing for a no-output task. */
    public synchronized void notice(String message) {
        if (!silenced) {
            lines.println(line(Level.INFO, message));
        }
    }

    /** A platform failure's one line: printed even for a no-output task, since the exit code alone says little. */
    public void failure(String message) {
        noteFailure(message);
        lines.println(line(Level.ERROR, message));
    }

    public void error(String message) {
        log(Level.ERROR, message);
    }

    public void warn(String message) {
        log(Level.WARN, message);
    }

    public void info(String message) {
        log(Level.INFO, message);
    }

    public void debug(String message) {
        log(Level.DEBUG, message);
    }

    boolean isEnabled(Level l) {
        return !silenced && l.ordinal() <= level.ordinal();
    }

    /** The first failure or error line of this run, printed or not (run history's reason), or null. */
    public String firstFailure() {
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
            lines.println(line(l, message));
        }
    }

    /** The platform's own line: the format every log entry shares, with the source {@value #SOURCE}. */
    private String line(Level l, String message) {
        return format.line(System.currentTimeMillis(), l.name(), SOURCE, null, message, null);
    }

    /**
     * An entry of the Log Service, SLF4J, JUL or System.Logger: written at or above the loglevel, nothing for
     * a no-output task. {@code label} is the entry's own level name (AUDIT and TRACE included).
     */
    public void entry(Level l, String label, long time, String source, String logger, String message, Throwable thrown) {
        if (isEnabled(l)) {
            lines.println(format.line(time, label, source, logger, message, thrown));
        }
    }

    static PrintStream nullStream() {
        return new PrintStream(OutputStream.nullOutputStream(), false);
    }
}
