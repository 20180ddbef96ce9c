package dev.backgroundtasks.internal.files;

import java.io.PrintStream;
import java.util.concurrent.CompletableFuture;

/**
 * File work that blocks (lock waits, tree removal) run on a daemon thread of its own, never on a task's
 * event loop: its exit code completes {@link #result()}. Shutdown {@linkplain #interrupt() interrupts} it
 * so that it stops between two entries and releases its lock rather than be halted; an interrupted work
 * ends with the code given for it after one line on the error stream. Anything else it throws fails the
 * result. The one worker of the removeDirectory and removeProfileFiles tasks.
 */
public final class BlockingWork {
    /** The work itself: an exit code, or InterruptedException when shutdown interrupted it. */
    @FunctionalInterface
    public interface Work {
        int run() throws InterruptedException;
    }

    private final CompletableFuture<Integer> result = new CompletableFuture<>();
    private final Thread thread;

    /**
     * A worker named {@code name}, not started; when interrupted it prints {@code prefix + ": interrupted by
     * shutdown"} on {@code err} and ends with {@code interruptedCode}.
     */
    public BlockingWork(String name, Work work, PrintStream err, String prefix, int interruptedCode) {
        this.thread = new Thread(() -> {
            try {
                result.complete(work.run());
            } catch (InterruptedException e) {
                err.println(prefix + ": interrupted by shutdown");
                result.complete(interruptedCode);
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        }, name);
        thread.setDaemon(true);
    }

    /** Completes with the work's exit code, or with its failure. */
    public CompletableFuture<Integer> result() {
        return result;
    }

    public void start() {
        thread.start();
    }

    /** Asks the work to stop (shutdown); it ends as soon as it sees the interrupt. */
    public void interrupt() {
        thread.interrupt();
    }
}
