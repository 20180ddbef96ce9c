package dev.backgroundtasks.launcher.internal.process;

import java.util.function.BiConsumer;

import sun.misc.Signal;

/**
 * SIGTERM, SIGINT and SIGHUP end a run in order, then exit 143, 130 or 129 (contract section 4). A
 * signal the process inherited as ignored stays ignored: the JDK does not install a handler for it.
 */
public final class Signals {
    private Signals() {
    }

    public static void install(BiConsumer<Integer, String> onSignal) {
        handle("TERM", 143, onSignal);
        handle("INT", 130, onSignal);
        handle("HUP", 129, onSignal);
    }

    private static void handle(String name, int exitCode, BiConsumer<Integer, String> onSignal) {
        try {
            Signal.handle(new Signal(name), s -> onSignal.accept(exitCode, name));
        } catch (IllegalArgumentException | UnsupportedOperationException unavailable) {
            // not on this platform (SIGHUP on Windows), or reserved by the JVM (-Xrs)
        }
    }
}
