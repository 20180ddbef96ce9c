package dev.backgroundtasks.launcher.internal;

/**
 * Start-up cost is a feature: at loglevel debug the launcher prints how long each phase took, so
 * that {@code bench/} and users can see where the milliseconds go.
 */
final class Phases {
    private final Console console;
    private long last = System.nanoTime();

    Phases(Console console) {
        this.console = console;
    }

    /** Ends the current phase under this name. */
    void end(String phase) {
        long now = System.nanoTime();
        if (console.isEnabled(Console.Level.DEBUG)) {
            console.debug(String.format("phase %-18s %6.1f ms", phase, (now - last) / 1e6));
        }
        last = now;
    }
}
