package dev.backgroundtasks.scheduler;

/**
 * An entry of the "list of idle request callbacks": the callback, its handle and, if it has one, when
 * its timeout expires. Its fields after arrival belong to the loop's thread.
 */
final class IdleRequest extends Arrival {
    final int handle;
    final IdleRequestCallback callback;
    /** When the timeout expires, in loop nanoseconds; {@link Long#MAX_VALUE} for no timeout. */
    final long timeoutDue;
    long timerSequence;
    /** Ran, timed out, or cancelled: "each callback runs at most once". */
    boolean done;

    IdleRequest(int handle, IdleRequestCallback callback, long timeoutDue) {
        this.handle = handle;
        this.callback = callback;
        this.timeoutDue = timeoutDue;
    }

    boolean hasTimeout() {
        return timeoutDue != Long.MAX_VALUE;
    }

    @Override
    void arrive(EventLoopCore core) {
        core.addIdleRequest(this);
    }
}
