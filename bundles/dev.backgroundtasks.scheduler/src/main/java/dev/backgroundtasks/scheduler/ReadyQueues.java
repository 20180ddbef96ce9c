package dev.backgroundtasks.scheduler;

import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * The loop's task queues, owned by its thread: for each of the six effective priorities, the static
 * queue (tasks with a fixed priority, plain tasks, due timers, idle timeouts) and the non-empty dynamic
 * queues (one per {@link TaskSignal}), ordered by the age of their first task. Selecting the next task,
 * "the oldest, highest priority runnable scheduler task", costs O(1) when only static queues hold tasks
 * and O(log q) with q non-empty dynamic queues at that priority.
 *
 * <p>Aborted and cancelled tasks stay where they are and are dropped when they reach the head of a queue.
 */
final class ReadyQueues {
    static final int LEVELS = 6;
    /**
     * Plain tasks, due timers and idle timeouts rank here, where the specifications leave it to the
     * implementation: as user-visible tasks (docs/reference/java-api.md).
     */
    static final int PLAIN = effectivePriority(TaskPriority.USER_VISIBLE, false);
    /** Effective priorities below this are background work (for the starvation guard). */
    static final int FIRST_FOREGROUND = effectivePriority(TaskPriority.USER_VISIBLE, false);

    private static final Comparator<TaskQueue> BY_AGE = Comparator.comparingLong(TaskQueue::headSequence);

    private final EventLoopCore core;
    @SuppressWarnings("unchecked")
    private final ArrayDeque<QueuedTask>[] staticQueues = new ArrayDeque[LEVELS];
    @SuppressWarnings("unchecked")
    private final TreeSet<TaskQueue>[] dynamicQueues = new TreeSet[LEVELS];
    private final Map<TaskSignal, SignalQueues> bySignal = new IdentityHashMap<>();

    ReadyQueues(EventLoopCore core) {
        this.core = core;
        for (int level = 0; level < LEVELS; level++) {
            staticQueues[level] = new ArrayDeque<>();
            dynamicQueues[level] = new TreeSet<>(BY_AGE);
        }
    }

    /** The specification's effective priority table: background task 0 ... user-blocking continuation 5. */
    static int effectivePriority(TaskPriority priority, boolean continuation) {
        int base = switch (priority) {
            case BACKGROUND -> 0;
            case USER_VISIBLE -> 2;
            case USER_BLOCKING -> 4;
        };
        return continuation ? base + 1 : base;
    }

    /** "Select the scheduler task queue" for the priority source, then append the task (already numbered). */
    void add(QueuedTask task, TaskSignal prioritySource, boolean continuation) {
        if (prioritySource.hasFixedPriority()) {
            staticQueues[effectivePriority(prioritySource.priority(), continuation)].addLast(task);
            return;
        }
        SignalQueues queues = bySignal.get(prioritySource);
        if (queues == null) {
            queues = new SignalQueues(core, prioritySource);
            // registered before the priority is read: a change racing with this either is read here or
            // runs the algorithm, which delivers it
            prioritySource.addPriorityChangeAlgorithm(queues);
            queues.tasks.effectivePriority = effectivePriority(prioritySource.priority(), false);
            queues.continuations.effectivePriority = effectivePriority(prioritySource.priority(), true);
            bySignal.put(prioritySource, queues);
        }
        TaskQueue queue = queues.queue(continuation);
        queue.tasks.addLast(task);
        if (queue.tasks.size() == 1) {
            dynamicQueues[queue.effectivePriority].add(queue);
        }
    }

    void addPlain(QueuedTask task) {
        staticQueues[PLAIN].addLast(task);
    }

    /** Moves a signal's queues to its current priority; each keeps its place among them by age. */
    void reprioritise(SignalQueues queues) {
        TaskPriority priority = queues.signal.priority();
        for (TaskQueue queue : new TaskQueue[] {queues.tasks, queues.continuations}) {
            int level = effectivePriority(priority, queue.continuation);
            if (level == queue.effectivePriority) {
                continue;
            }
            if (!queue.tasks.isEmpty()) {
                dynamicQueues[queue.effectivePriority].remove(queue);
                queue.effectivePriority = level;
                dynamicQueues[level].add(queue);
            } else {
                queue.effectivePriority = level;
            }
        }
    }

    /** The highest effective priority holding a live task, or -1. */
    int highestLevel() {
        for (int level = LEVELS - 1; level >= 0; level--) {
            if (peek(level) != null) {
                return level;
            }
        }
        return -1;
    }

    boolean isEmpty() {
        return highestLevel() < 0;
    }

    /** The oldest live task of one effective priority, dropping dead ones on the way; null if none. */
    QueuedTask peek(int level) {
        QueuedTask fixed = liveHead(staticQueues[level]);
        TaskQueue dynamic = oldestLiveDynamic(level);
        if (dynamic == null) {
            return fixed;
        }
        QueuedTask head = dynamic.tasks.peekFirst();
        return fixed == null || head.sequence < fixed.sequence ? head : fixed;
    }

    /** Removes and returns the oldest live task of one effective priority; null if none. */
    QueuedTask poll(int level) {
        QueuedTask fixed = liveHead(staticQueues[level]);
        TaskQueue dynamic = oldestLiveDynamic(level);
        if (dynamic == null || (fixed != null && fixed.sequence < dynamic.headSequence())) {
            return staticQueues[level].pollFirst();
        }
        return pollHead(dynamic);
    }

    private static QueuedTask liveHead(ArrayDeque<QueuedTask> queue) {
        QueuedTask head;
        while ((head = queue.peekFirst()) != null && !head.isLive()) {
            queue.pollFirst();
        }
        return head;
    }

    private TaskQueue oldestLiveDynamic(int level) {
        TreeSet<TaskQueue> queues = dynamicQueues[level];
        while (!queues.isEmpty()) {
            TaskQueue oldest = queues.first();
            if (oldest.tasks.peekFirst().isLive()) {
                return oldest;
            }
            pollHead(oldest);
        }
        return null;
    }

    /** Takes the first task of a dynamic queue, keeping the set ordered and releasing emptied queues. */
    private QueuedTask pollHead(TaskQueue queue) {
        TreeSet<TaskQueue> queues = dynamicQueues[queue.effectivePriority];
        queues.remove(queue); // before the head changes: the set is ordered by it
        QueuedTask head = queue.tasks.pollFirst();
        if (!queue.tasks.isEmpty()) {
            queues.add(queue);
        } else if (queue.owner.isEmpty()) {
            release(queue.owner);
        }
        return head;
    }

    private void release(SignalQueues queues) {
        queues.held = false;
        bySignal.remove(queues.signal);
        queues.signal.removePriorityChangeAlgorithm(queues);
    }

    /** Empties every queue, handing each task to {@code discarded}; for a closed loop. */
    void clear(Consumer<QueuedTask> discarded) {
        for (int level = 0; level < LEVELS; level++) {
            staticQueues[level].forEach(discarded);
            staticQueues[level].clear();
            dynamicQueues[level].clear();
        }
        for (SignalQueues queues : bySignal.values().toArray(new SignalQueues[0])) {
            queues.tasks.tasks.forEach(discarded);
            queues.continuations.tasks.forEach(discarded);
            queues.tasks.tasks.clear();
            queues.continuations.tasks.clear();
            release(queues);
        }
    }
}
