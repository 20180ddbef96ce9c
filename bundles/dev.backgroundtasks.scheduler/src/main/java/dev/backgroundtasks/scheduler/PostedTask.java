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
    final CompletableFuture<T> future = new CompletableFuture<>();

    /** @param due when a delayed task falls due, in loop nanoseconds; 0 for no delay */
    PostedTask(EventLoopCore core, Callable<T> callable, SchedulingState schedulingState, long due) {
        this.core = core;
        this.callable = callable;
        this.schedulingState = schedulingState;
        this.due = due;
    }

    @Override
    void arrive(EventLoopCore core) {
        if (!isLive()) {
            return; // aborted on its way in: its future has failed already
        }
        if (isDelayed()) {
            core.addTimer(this);
        } else {
            core.enqueue(this, schedulingState.prioritySource(), false);
        }
    }

    /** A delay makes the due time positive: the loop's clock starts at 0. */
    private boolean isDelayed() {
        return due > 0;
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
        if (schedulingState.abortSource() == null) {
            setStateOpaque(RUNNING); // nothing can abort it: no atomic update needed
        } else if (!transition(QUEUED, RUNNING)) {
            return; // aborted while queued
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
        setStateRelease(DONE);
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
