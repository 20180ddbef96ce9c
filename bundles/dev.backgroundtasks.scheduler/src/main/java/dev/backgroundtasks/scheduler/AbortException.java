package dev.backgroundtasks.scheduler;

import java.util.concurrent.CancellationException;

/**
 * The failure of a task or continuation whose signal was aborted, Java's stand-in for the DOM's
 * "AbortError". Its {@link #reason()} is the signal's abort reason; an {@code abort()} without a reason
 * makes the reason a new AbortException whose {@code reason()} is itself.
 *
 * <p>Being a {@link CancellationException}, it makes {@code isCancelled()} true on the failed future.
 * Dependents ({@code whenComplete}, {@code handle}, {@code exceptionally}) receive it as it is; on
 * recent JDKs (25 does), {@code join()} and {@code get()} throw a new CancellationException with it
 * as the cause.
 */
public class AbortException extends CancellationException {
    private static final long serialVersionUID = 1L;

    // transient: a reason may be any object; serialising an exception must not fail because of it
    private final transient Object reason;

    /** An abort with no reason given: the exception is its own reason. */
    public AbortException() {
        super("aborted");
        this.reason = this;
    }

    /** An abort with the given reason. */
    public AbortException(Object reason) {
        super(reason == null ? "aborted" : "aborted: " + reason);
        this.reason = reason;
    }

    /** The abort reason of the signal that was aborted. */
    public Object reason() {
        return reason;
    }

    /** The exception an aborted task's future fails with, for a signal aborted with {@code reason}. */
    static AbortException forReason(Object reason) {
        if (reason instanceof AbortException e && e.reason == e) {
            return e;
        }
        return new AbortException(reason);
    }
}
