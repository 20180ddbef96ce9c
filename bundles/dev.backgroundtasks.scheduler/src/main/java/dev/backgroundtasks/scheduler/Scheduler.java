package dev.backgroundtasks.scheduler;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The scheduler of one {@link EventLoop}: the web's {@code scheduler.postTask}, {@code scheduler.yield}
 * and {@code requestIdleCallback}. Every method may be called from any thread; the work always runs on
 * the loop's thread.
 *
 * <p>The returned futures are the caller's to observe: cancelling or completing one does not dequeue
 * the task (abort its signal for that). They complete on the loop's thread, inside their task or
 * continuation, so that dependents added with the non-async {@code CompletableFuture} methods run
 * there with the task's scheduling state (Java's stand-in for promise reactions), except where the
 * specification fails them at once on the calling thread: an abort, an already aborted signal, a
 * closed loop.
 */
@ProviderType
public interface Scheduler {
    /** Posts a user-visible task; the same as {@code postTask(task, PostTaskOptions.defaults())}. */
    <T> CompletableFuture<T> postTask(Callable<T> task);

    /**
     * Posts a prioritized task, the specification's "schedule a postTask task". The future completes
     * with the callable's value or fails with what it threw. It fails with an {@link AbortException}
     * when the options' signal is aborted before the task ran or while it runs (then the callable never
     * runs, or its result is ignored), and at once if the signal is already aborted. On a closed loop it
     * fails at once with a {@link java.util.concurrent.RejectedExecutionException}.
     */
    <T> CompletableFuture<T> postTask(Callable<T> task, PostTaskOptions options);

    /**
     * Gives the loop a chance to run more important work: the future completes in a continuation that
     * runs before the ordinary tasks of its priority. Inside a postTask callback, an idle callback or the
     * completion of another yield, the continuation inherits that priority and signal (an idle callback's
     * is {@code background} without signal); anywhere else it is a {@code user-visible} continuation no
     * signal aborts. Call it qualified ({@code scheduler.yield()}): Java reserves the bare name.
     */
    CompletableFuture<Void> yield();

    /** Requests an idle callback without timeout; the same as {@code requestIdleCallback(callback, 0)}. */
    int requestIdleCallback(IdleRequestCallback callback);

    /**
     * Requests that {@code callback} runs once in a later idle period of the loop, or, if
     * {@code timeoutMillis} is positive and passes first, as an ordinary task with
     * {@link IdleDeadline#didTimeout()} true. Returns a handle for {@link #cancelIdleCallback}: 1, 2, 3,
     * ... for each scheduler.
     *
     * @param timeoutMillis 0 for no timeout
     * @throws IllegalArgumentException when {@code timeoutMillis} is negative
     */
    int requestIdleCallback(IdleRequestCallback callback, long timeoutMillis);

    /** Makes sure the idle callback of {@code handle} never runs; an unknown or spent handle does nothing. */
    void cancelIdleCallback(int handle);
}
