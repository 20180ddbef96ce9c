package dev.backgroundtasks.scheduler;

import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

import org.osgi.annotation.versioning.ProviderType;

/**
 * One thread's worth of work, the web's event loop: plain tasks, timers, prioritized tasks, continuations
 * and idle callbacks run one at a time on the loop's thread, in the order the specifications give.
 * Where they leave the order open, plain tasks ({@link #execute}), due timers and idle-callback timeouts
 * share the global enqueue order and rank as user-visible tasks: after user-blocking tasks and the
 * continuations of user-visible or higher priority, before background work. Idle callbacks run only
 * when nothing else is runnable.
 *
 * <p>Every method may be called from any thread. A callback that throws from {@link #execute}, a
 * timer or an idle callback goes to the uncaught-exception handler of the thread running the loop, and
 * the loop goes on.
 */
@ProviderType
public abstract class EventLoop implements AutoCloseable, Executor {
    private static final ThreadLocal<EventLoop> CURRENT = new ThreadLocal<>();

    /** The loop algorithm both kinds of loop delegate to; they differ only in who drives it and its clock. */
    final EventLoopCore core;

    EventLoop(EventLoopCore core) {
        // only this package provides loops
        this.core = core;
    }

    /** A real-time loop on a new daemon thread of that name, with the default options. */
    public static EventLoop start(String threadName) {
        return start(threadName, EventLoopOptions.defaults());
    }

    /** A real-time loop on a new daemon thread of that name. */
    public static EventLoop start(String threadName, EventLoopOptions options) {
        Objects.requireNonNull(threadName, "threadName");
        Objects.requireNonNull(options, "options");
        return RealTimeEventLoop.launch(threadName, options);
    }

    /** A loop with a virtual clock at 0, driven by whichever thread calls its run methods; default options. */
    public static ManualEventLoop manual() {
        return manual(EventLoopOptions.defaults());
    }

    /** A loop with a virtual clock at 0, driven by whichever thread calls its run methods. */
    public static ManualEventLoop manual(EventLoopOptions options) {
        Objects.requireNonNull(options, "options");
        return new VirtualTimeEventLoop(options);
    }

    /**
     * The loop whose thread is calling: a real-time loop's own thread, or the thread driving a manual
     * loop while it runs its work. Empty anywhere else.
     */
    public static Optional<EventLoop> current() {
        return Optional.ofNullable(CURRENT.get());
    }

    /** Marks the calling thread as running {@code loop}; returns the mark it replaces, for {@link #restoreCurrent}. */
    static EventLoop enterCurrent(EventLoop loop) {
        EventLoop previous = CURRENT.get();
        CURRENT.set(loop);
        return previous;
    }

    static void restoreCurrent(EventLoop previous) {
        if (previous == null) {
            CURRENT.remove();
        } else {
            CURRENT.set(previous);
        }
    }

    /** This loop's scheduler; the same object at every call. */
    public final Scheduler scheduler() {
        return core;
    }

    /**
     * Queues a plain task, like {@code setTimeout(task, 0)}: it ranks as a user-visible task.
     *
     * @throws RejectedExecutionException when the loop is closed
     */
    @Override
    public final void execute(Runnable task) {
        core.execute(task);
    }

    /**
     * Queues {@code task} when {@code delayMillis} have passed, like {@code setTimeout}; a delay of 0 or
     * less queues it at once. Timers of equal due time run in the order they were scheduled.
     *
     * @throws RejectedExecutionException when the loop is closed
     */
    public final Cancellable schedule(Runnable task, long delayMillis) {
        return core.schedule(task, delayMillis);
    }

    /**
     * The loop's clock in milliseconds: monotonic, 0 when the loop started (a manual loop's virtual clock).
     */
    public final long nowMillis() {
        return core.nanos() / 1_000_000;
    }

    /**
     * Closes the loop: the work that is running finishes, pending work never runs, pending futures stay
     * incomplete. Afterwards {@link #execute} and {@link #schedule} throw
     * {@link RejectedExecutionException}, {@code postTask} and {@code yield} return futures failed with
     * it, and idle callbacks never run. Does not wait for the loop's thread. A second close does nothing.
     */
    @Override
    public abstract void close();
}
