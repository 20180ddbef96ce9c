package dev.backgroundtasks.launcher.internal.output;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Start-up cost is a feature: the launcher times each phase (command line, lookup, profile,
 * framework init, install, resolve, start, task start, task run, shutdown, cleanup), prints them at loglevel
 * debug and puts them in the graph report, so that {@code bench/} and users see where the
 * milliseconds go.
 */
public final class Phases {
    private final Console console;
    private final long origin;
    private long last;
    private final Map<String, Double> millis = new LinkedHashMap<>();

    public Phases(Console console, long originNanos) {
        this.console = console;
        this.origin = originNanos;
        this.last = originNanos;
    }

    /** Phases ended before the loglevel was known (command line, lookup): printed once it is debug. */
    private final List<Object[]> unprinted = new ArrayList<>();

    /** Ends the current phase under this name (a repeated name adds up). */
    public synchronized void end(String phase) {
        long now = System.nanoTime();
        double ms = (now - last) / 1e6;
        millis.merge(phase, ms, Double::sum);
        unprinted.add(new Object[] {phase, ms, (now - origin) / 1e6});
        if (console.isEnabled(Console.Level.DEBUG)) {
            for (Object[] p : unprinted) {
                console.debug(String.format("phase %-14s %7.1f ms (%.1f ms since main)", p));
            }
            unprinted.clear();
        }
        last = now;
    }

    public synchronized Map<String, Double> millis() {
        return new LinkedHashMap<>(millis);
    }
}
