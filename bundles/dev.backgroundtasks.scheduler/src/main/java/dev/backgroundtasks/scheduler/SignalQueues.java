package dev.backgroundtasks.scheduler;

/**
 * The two dynamic queues (tasks, continuations) of one {@link TaskSignal} on one loop, and the priority
 * change algorithm the specification adds to the signal when such a queue is created. The algorithm runs
 * on the thread that changes the priority; it hands the change to the loop's thread through the inbox,
 * ahead of anything that thread posts afterwards.
 */
final class SignalQueues implements Runnable {
    private final EventLoopCore core;
    final TaskSignal signal;
    final TaskQueue tasks = new TaskQueue(this, false);
    final TaskQueue continuations = new TaskQueue(this, true);
    /** Whether the loop still holds these queues; a late priority change for released ones is ignored. */
    boolean held = true;

    SignalQueues(EventLoopCore core, TaskSignal signal) {
        this.core = core;
        this.signal = signal;
    }

    TaskQueue queue(boolean continuation) {
        return continuation ? continuations : tasks;
    }

    boolean isEmpty() {
        return tasks.tasks.isEmpty() && continuations.tasks.isEmpty();
    }

    /** "Set queue's priority to signal's priority", delivered to the loop. */
    @Override
    public void run() {
        core.deliver(new Arrival() {
            @Override
            void arrive(EventLoopCore target) {
                if (held) {
                    target.readyQueues().reprioritise(SignalQueues.this);
                }
            }
        });
    }
}
