package dev.backgroundtasks.launcher.internal.run;

import java.util.function.IntConsumer;

/**
 * Where a process that ends a run on someone else's behalf (the warm host) hears the code the JVM is
 * about to end with, on the paths no return reaches: the watchdog's halt calls {@link #ending}; a
 * task's own {@code System.exit} is the host's to catch. Nobody listens in a cold run.
 */
public final class HostExit {
    private static volatile IntConsumer listener;

    private HostExit() {
    }

    /** From now on {@code action} hears every ending code (once is the listener's own business). */
    public static void listen(IntConsumer action) {
        listener = action;
    }

    /** The JVM ends with {@code code} now. */
    static void ending(int code) {
        IntConsumer l = listener;
        if (l != null) {
            l.accept(code);
        }
    }
}
