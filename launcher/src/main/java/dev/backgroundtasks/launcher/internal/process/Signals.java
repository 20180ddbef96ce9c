package dev.backgroundtasks.launcher.internal.process;

import java.util.function.BiConsumer;

import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Where SIGTERM, SIGINT and SIGHUP go: a run ends in order, then exits 143, 130 or 129
 * (docs/reference/exit-codes.md). {@code Main} gives the launcher {@link #jvm()}, the JVM's own handlers;
 * an in-process test gives it a {@code Signals} it calls itself. A signal the process inherited as
 * ignored stays ignored: the JDK does not install a handler for it.
 */
@FunctionalInterface
public interface Signals {
    /** From now on each of the three signals calls {@code receiver} with its exit code and its name. */
    void receive(BiConsumer<Integer, String> receiver);

    /**
     * The JVM's handlers ({@code sun.misc.Signal}); only {@code Main} installs them. Named classes, no
     * lambdas: the warm client installs them before any lambda class is spun (10-18 ms of its start).
     */
    static Signals jvm() {
        return new JvmSignals();
    }

    /** The JVM's own handlers for the three signals. */
    final class JvmSignals implements Signals {
        private JvmSignals() {
        }

        @Override
        public void receive(BiConsumer<Integer, String> receiver) {
            handle("TERM", 143, receiver);
            handle("INT", 130, receiver);
            handle("HUP", 129, receiver);
        }

        private static void handle(String name, int exitCode, BiConsumer<Integer, String> receiver) {
            try {
                Signal.handle(new Signal(name), new Handler(name, exitCode, receiver));
            } catch (IllegalArgumentException | UnsupportedOperationException unavailable) {
                // not on this platform (SIGHUP on Windows), or reserved by the JVM (-Xrs)
            }
        }
    }

    /** One signal's handler: the receiver hears its exit code and name. */
    final class Handler implements SignalHandler {
        private final String name;
        private final int exitCode;
        private final BiConsumer<Integer, String> receiver;

        private Handler(String name, int exitCode, BiConsumer<Integer, String> receiver) {
            this.name = name;
            this.exitCode = exitCode;
            this.receiver = receiver;
        }

        @Override
        public void handle(Signal signal) {
            receiver.accept(exitCode, name);
        }
    }
}
