package dev.backgroundtasks.scheduler;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;

/**
 * A task given to {@link Scheduler#postTask}, with its handle's abort steps
 * ("create a task handle" in the specification).
 */
final class PostedTask<T> extends QueuedTask implements AbortSignal.AbortAlgorithm {
    private final EventLoopCore core;
    private final Callable<T> callable;
    private final SchedulingState schedulingState;
    private final long delayNanos;
    final CompletableFuture<T> future = new CompletableFuture<>();

    PostedTask(EventLoopCore core, Callable<T> callable, SchedulingState schedulingState, long delayNanos, long now) {
        this.core = core;
        this.callable = callable;
        this.schedulingState = schedulingState;
        this.delayNanos = delayNanos;
        if (delayNanos > 0) {
            this.due = EventLoopCore.saturatedAdd(now, delayNanos);
        }
    }

    @Override
    void arrive(EventLoopCore core) {
        if (!isLive()) {
            return; // aborted on its way in: its future has failed already
        }
        if (delayNanos > 0) {
            core.addTimer(this);
        } else {
            core.enqueue(this, schedulingState.prioritySource(), false);
        }
    }

    /**
     * The delay expired: "If signal is null or signal is not aborted, then run enqueueSteps", which picks
     * the queue from the priority the signal has now.
     */
    @Override
    void fallDue(EventLoopCore core) {
        core.enqueue(this, schedulingState.prioritySource(), false);
    }

    @Override
    void run(EventLoopCore core) {
        if (!transition(QUEUED, RUNNING)) {
            return;
        }
        SchedulingState previous = core.enterState(schedulingState);
        try {
            T result;
            try {
                result = callable.call();
            } catch (Throwable e) {
                future.completeExceptionally(e);
                return;
            }
            // completed inside the task, with its state: non-async dependents see it (promise reactions)
            future.complete(result);
        } finally {
            finish();
            core.leaveState(previous);
        }
    }

    /** Also the specification's "task complete steps": the signal no longer needs the abort steps. */
    private void finish() {
        state = DONE;
        if (schedulingState.abortSource() != null) {
            schedulingState.abortSource().removeAbortAlgorithm(this);
        }
    }

    /** The abort steps: reject with the reason, and make sure a task still waiting never runs. */
    @Override
    public void abort(Object reason) {
        while (true) {
            int current = state;
            if (current == QUEUED) {
                if (transition(QUEUED, DEAD)) {
                    if (!core.isClosed()) { // a closed loop's pending futures stay incomplete
                        future.completeExceptionally(AbortException.forReason(reason));
                    }
                    return;
                }
            } else if (current == RUNNING) {
                // aborted during its own callback: the steps are still registered, so it still rejects
                future.completeExceptionally(AbortException.forReason(reason));
                return;
            } else {
                return;
            }
        }
    }

    @Override
    void discard() {
        if (schedulingState.abortSource() != null) {
            schedulingState.abortSource().removeAbortAlgorithm(this);
        }
    }
}
