package dev.backgroundtasks.scheduler;

import org.osgi.annotation.versioning.ProviderType;

/**
 * An {@link EventLoop} with a virtual clock, driven by the thread that calls {@link #runUntilIdle} or
 * {@link #advance}: the same algorithm as a real-time loop, deterministic, so that scheduling code can
 * be tested without sleeping. Its callbacks run on the driving thread; {@link EventLoop#current()} is
 * this loop there while they run. Calls from several threads drive it one after the other.
 */
@ProviderType
public abstract class ManualEventLoop extends EventLoop {
    ManualEventLoop(EventLoopCore core) {
        // only this package provides loops
        super(core);
    }

    /**
     * Runs, at the current virtual time, every task, continuation, timer, delayed task, idle-callback
     * timeout and idle period that is runnable, until none is. It never moves the clock itself, but what a
     * {@link #busy} made due is runnable. Does nothing on a closed loop.
     *
     * @throws IllegalStateException when called from inside this loop's own work
     */
    public abstract void runUntilIdle();

    /**
     * Moves the clock one due moment at a time (the next timer, delayed task, idle timeout, or earliest
     * start of the next idle period), running what is runnable at each moment before moving on. Ends at
     * the old time + {@code millis}, or later if a {@link #busy} went past it, having run what is
     * runnable there.
     *
     * @throws IllegalArgumentException when {@code millis} is negative
     * @throws IllegalStateException when called from inside this loop's own work
     */
    public abstract void advance(long millis);

    /**
     * Called inside a running task, continuation, timer or idle callback of this loop: the work takes
     * {@code millis} of virtual time. Timers falling due meanwhile become runnable at their due time.
     *
     * @throws IllegalStateException when no work of this loop is running on the calling thread
     * @throws IllegalArgumentException when {@code millis} is negative
     */
    public abstract void busy(long millis);
}
