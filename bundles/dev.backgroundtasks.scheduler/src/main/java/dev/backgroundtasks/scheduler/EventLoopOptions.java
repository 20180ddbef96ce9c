package dev.backgroundtasks.scheduler;

/**
 * Settings of an {@link EventLoop}, given to {@link EventLoop#start(String, EventLoopOptions)} or
 * {@link EventLoop#manual(EventLoopOptions)}. Immutable: each method returns a new value.
 */
public final class EventLoopOptions {
    private static final EventLoopOptions DEFAULTS = new EventLoopOptions(0);

    private final long starvationGuardMillis;

    private EventLoopOptions(long starvationGuardMillis) {
        this.starvationGuardMillis = starvationGuardMillis;
    }

    /** The specification's behaviour: strict priority order, no starvation guard. */
    public static EventLoopOptions defaults() {
        return DEFAULTS;
    }

    /**
     * Turns on the starvation guard: a runnable {@code background} task or continuation that has waited
     * {@code maxWaitMillis} behind higher-priority work runs next, ahead of that work. The wait of the
     * next one counts from when the last background work ran, so the guard lets at most one background
     * task through per {@code maxWaitMillis} while the loop is busy. Off by default, so that the
     * specification's strict order holds; 0 turns it off.
     *
     * @throws IllegalArgumentException when negative
     */
    public EventLoopOptions starvationGuard(long maxWaitMillis) {
        if (maxWaitMillis < 0) {
            throw new IllegalArgumentException("negative starvation guard: " + maxWaitMillis);
        }
        return new EventLoopOptions(maxWaitMillis);
    }

    /** The starvation guard's wait in milliseconds; 0 when it is off. */
    public long starvationGuardMillis() {
        return starvationGuardMillis;
    }

    @Override
    public String toString() {
        return "EventLoopOptions[starvationGuardMillis=" + starvationGuardMillis + "]";
    }
}
