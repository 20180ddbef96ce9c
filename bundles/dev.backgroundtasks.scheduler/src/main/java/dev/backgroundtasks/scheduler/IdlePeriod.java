package dev.backgroundtasks.scheduler;

/**
 * One idle period of a loop, and the {@link IdleDeadline} its callbacks get. The deadline is the
 * specification's "get deadline time" algorithm, computed at each call: the earliest of start + 50 ms
 * and the earliest pending timer or delayed postTask.
 */
final class IdlePeriod implements IdleDeadline {
    /** "the length of these idle periods should be capped to a maximum value of 50ms". */
    static final long MAX_LENGTH_NANOS = 50_000_000L;

    private final EventLoopCore core;
    final long start;
    /**
     * start + 50 ms, lowered to the due time of every timer that fell due during the period: a timer
     * that fired is no longer pending, but the period still ended when it fell due.
     */
    private long cap;
    /** The last deadline computed on the loop's thread, for a call from another thread. */
    private volatile long lastDeadline;

    IdlePeriod(EventLoopCore core, long start) {
        this.core = core;
        this.start = start;
        this.cap = EventLoopCore.saturatedAdd(start, MAX_LENGTH_NANOS);
        this.lastDeadline = cap;
    }

    /** The deadline in loop nanoseconds; on the loop's thread only. */
    long deadline() {
        long deadline = Math.min(cap, core.earliestTimerDue());
        lastDeadline = deadline;
        return deadline;
    }

    void timerFellDue(long due) {
        cap = Math.min(cap, due);
    }

    @Override
    public double timeRemaining() {
        long deadline = core.isDrivenByCurrentThread() ? core.refreshedDeadline(this) : lastDeadline;
        double remaining = (deadline - core.nanos()) / 1_000_000.0;
        return Math.max(0.0, Math.min(remaining, MAX_LENGTH_NANOS / 1_000_000.0));
    }

    @Override
    public boolean didTimeout() {
        return false;
    }

    @Override
    public String toString() {
        return "IdleDeadline[timeRemaining=" + timeRemaining() + "]";
    }
}
