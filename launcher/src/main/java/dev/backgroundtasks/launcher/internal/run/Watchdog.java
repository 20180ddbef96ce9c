package dev.backgroundtasks.launcher.internal.run;

import dev.backgroundtasks.launcher.internal.output.Console;

/**
 * The last resort against a hung process: a daemon thread outside every event loop that, once its
 * deadline passes, runs the cleanup (the ephemeral profile) and halts the JVM with the armed code,
 * whatever the other threads are doing (docs/reference/exit-codes.md: the shutdown budget).
 */
final class Watchdog {
    private final Console console;
    private final Runnable cleanup;
    private final java.util.function.IntConsumer halt;
    private long deadlineNanos;
    private int code;
    private String reason;
    private boolean armed;
    private Thread thread;
    private volatile java.util.function.IntConsumer beforeHalt = code -> { };

    Watchdog(Console console, Runnable cleanup) {
        this(console, cleanup, Runtime.getRuntime()::halt);
    }

    /** {@code halt}: what ends the process ({@code Runtime.halt}); a unit test records the code instead. */
    Watchdog(Console console, Runnable cleanup, java.util.function.IntConsumer halt) {
        this.console = console;
        this.cleanup = cleanup;
        this.halt = halt;
    }

    /** A signal ends the run: the whole shutdown gets twice its budget before the halt. */
    void afterSignal(int code, String name, long shutdownBudgetMs) {
        arm(System.nanoTime() + shutdownBudgetMs * 2_000_000L, code, "SIG" + name + ": shutdown did not finish");
    }

    /** Arms (or re-arms) the watchdog; an earlier deadline already armed is kept. */
    synchronized void arm(long deadlineNanos, int code, String reason) {
        if (armed && this.deadlineNanos - deadlineNanos < 0) {
            return;
        }
        this.deadlineNanos = deadlineNanos;
        this.code = code;
        this.reason = reason;
        this.armed = true;
        if (thread == null) {
            thread = new Thread(this::watch, "backgroundtasks-watchdog");
            thread.setDaemon(true);
            thread.setPriority(Thread.MAX_PRIORITY);
            thread.start();
        }
        notifyAll();
    }

    /** What must happen before the halt, given its code (run history: no finally block runs after a halt). */
    void beforeHalt(java.util.function.IntConsumer action) {
        beforeHalt = action;
    }

    synchronized void disarm() {
        armed = false;
        notifyAll();
    }

    private void watch() {
        int haltCode;
        String haltReason;
        synchronized (this) {
            while (true) {
                if (!armed) {
                    thread = null; // disarmed: the thread ends, and the next arm starts another (no thread outlives a run)
                    return;
                }
                long left = deadlineNanos - System.nanoTime();
                if (left <= 0) {
                    haltCode = code;
                    haltReason = reason;
                    break;
                }
                try {
                    wait(Math.max(1, left / 1_000_000L), 0);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
        console.failure(haltReason + "; halting with exit code " + haltCode);
        try {
            beforeHalt.accept(haltCode);
            cleanup.run();
        } finally {
            HostExit.ending(haltCode);
            halt.accept(haltCode);
        }
    }
}
