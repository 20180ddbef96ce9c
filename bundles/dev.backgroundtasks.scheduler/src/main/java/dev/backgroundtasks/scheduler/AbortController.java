package dev.backgroundtasks.scheduler;

/** Aborts its {@link #signal()}, the DOM's AbortController. May be used from any thread. */
public class AbortController {
    private final AbortSignal signal;

    /** A controller with a new, not yet aborted signal. */
    public AbortController() {
        this(new AbortSignal(false));
    }

    AbortController(AbortSignal signal) {
        this.signal = signal;
    }

    /** The signal this controller aborts. */
    public AbortSignal signal() {
        return signal;
    }

    /** Aborts the signal with a new {@link AbortException} as its reason. A second abort does nothing. */
    public void abort() {
        abort(null);
    }

    /**
     * Aborts the signal with the given reason (null: a new {@link AbortException}). On this thread, before
     * returning, it fails the futures of the signal's pending tasks with an {@link AbortException} carrying
     * the reason and then calls the abort listeners. A second abort does nothing.
     */
    public void abort(Object reason) {
        signal.signalAbort(AbortSignal.reasonOrDefault(reason));
    }
}
