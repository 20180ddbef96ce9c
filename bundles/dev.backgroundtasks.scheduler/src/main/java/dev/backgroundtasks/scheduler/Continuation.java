package dev.backgroundtasks.scheduler;

import java.util.concurrent.CompletableFuture;

/**
 * A {@code yield()} continuation ("schedule a yield continuation"): its task steps resolve the future,
 * with the scheduling state it inherited.
 */
final class Continuation extends QueuedTask implements AbortSignal.AbortAlgorithm {
    private final EventLoopCore core;
    private final SchedulingState inherited;
    final CompletableFuture<Void> future = new CompletableFuture<>();

    Continuation(EventLoopCore core, SchedulingState inherited) {
        this.core = core;
        this.inherited = inherited;
    }

    @Override
    void arrive(EventLoopCore core) {
        if (isLive()) {
            core.enqueue(this, inherited.prioritySource(), true);
        }
    }

    @Override
    void run(EventLoopCore core) {
        if (!transition(QUEUED, RUNNING)) {
            return;
        }
        SchedulingState previous = core.enterState(inherited);
        try {
            future.complete(null);
        } finally {
            state = DONE;
            if (inherited.abortSource() != null) {
                inherited.abortSource().removeAbortAlgorithm(this);
            }
            core.leaveState(previous);
        }
    }

    @Override
    public void abort(Object reason) {
        // a continuation has no callback of its own: only a waiting one can be aborted
        if (transition(QUEUED, DEAD) && !core.isClosed()) {
            future.completeExceptionally(AbortException.forReason(reason));
        }
    }

    @Override
    void discard() {
        if (inherited.abortSource() != null) {
            inherited.abortSource().removeAbortAlgorithm(this);
        }
    }
}
