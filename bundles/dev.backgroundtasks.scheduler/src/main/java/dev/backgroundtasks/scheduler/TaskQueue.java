package dev.backgroundtasks.scheduler;

import java.util.ArrayDeque;

/**
 * A "scheduler task queue" of the dynamic priority task queue map: the tasks or the continuations
 * posted with one {@link TaskSignal}, in enqueue order. A priority change moves the whole queue, so its
 * tasks keep their enqueue order and interleave by age with the tasks already at the new priority.
 */
final class TaskQueue {
    final SignalQueues owner;
    final boolean continuation;
    final ArrayDeque<QueuedTask> tasks = new ArrayDeque<>();
    /** The queue's effective priority, 0 (background task) to 5 (user-blocking continuation). */
    int effectivePriority;

    TaskQueue(SignalQueues owner, boolean continuation) {
        this.owner = owner;
        this.continuation = continuation;
    }

    /** The enqueue order of the first task: what "the oldest first runnable task" compares. */
    long headSequence() {
        return tasks.peekFirst().sequence;
    }
}
