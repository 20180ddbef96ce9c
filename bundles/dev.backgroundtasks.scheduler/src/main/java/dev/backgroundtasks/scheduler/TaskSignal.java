package dev.backgroundtasks.scheduler;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * An {@link AbortSignal} that also carries a priority, the specification's TaskSignal. Tasks posted with
 * it (and no explicit priority) follow its priority while they wait: {@link TaskController#setPriority}
 * moves them. There is no public constructor: a TaskSignal comes from a {@link TaskController} or from
 * {@link #any}.
 */
public class TaskSignal extends AbortSignal {
    /** Fixed, unabortable priority sources: "creating a fixed priority unabortable task signal". */
    static final TaskSignal FIXED_USER_BLOCKING = fixed(TaskPriority.USER_BLOCKING);
    static final TaskSignal FIXED_USER_VISIBLE = fixed(TaskPriority.USER_VISIBLE);
    static final TaskSignal FIXED_BACKGROUND = fixed(TaskPriority.BACKGROUND);

    private volatile TaskPriority priority;
    /** For a dependent signal, the signal whose priority it follows; null for a fixed priority. */
    private final TaskSignal sourceSignal;

    // Serialises setPriority calls; re-entrant so that a call during dispatch on the same thread reaches
    // the "priority changing" check and throws instead of deadlocking.
    private final ReentrantLock priorityChangeLock = new ReentrantLock();
    private boolean priorityChanging;

    private final List<Runnable> priorityChangeAlgorithms = new ArrayList<>();
    private final List<Consumer<TaskPriorityChangeEvent>> priorityChangeListeners = new ArrayList<>();
    private final List<TaskSignal> dependentTaskSignals = new ArrayList<>();

    TaskSignal(TaskPriority priority, boolean dependent, TaskSignal sourceSignal) {
        super(dependent);
        this.priority = priority;
        this.sourceSignal = sourceSignal;
    }

    private static TaskSignal fixed(TaskPriority priority) {
        return new TaskSignal(priority, true, null);
    }

    static TaskSignal fixedPriority(TaskPriority priority) {
        return switch (priority) {
            case USER_BLOCKING -> FIXED_USER_BLOCKING;
            case USER_VISIBLE -> FIXED_USER_VISIBLE;
            case BACKGROUND -> FIXED_BACKGROUND;
        };
    }

    /** The signal's current priority. */
    public TaskPriority priority() {
        return priority;
    }

    /** "has fixed priority": a dependent signal with no source signal; its tasks use the static queues. */
    boolean hasFixedPriority() {
        return dependent && sourceSignal == null;
    }

    /**
     * Adds a {@code prioritychange} listener, called synchronously on the thread that changes the
     * priority, after the signal's pending tasks have been moved. A listener that throws goes to that
     * thread's uncaught-exception handler; the others still run.
     */
    public void addPriorityChangeListener(Consumer<TaskPriorityChangeEvent> listener) {
        Objects.requireNonNull(listener, "listener");
        synchronized (priorityChangeListeners) {
            priorityChangeListeners.add(listener);
        }
    }

    /**
     * A signal aborted when any of {@code signals} is (at once if one already is), with the fixed priority
     * {@code priority}: the specification's {@code TaskSignal.any(signals, {priority})}.
     */
    public static TaskSignal any(List<? extends AbortSignal> signals, TaskPriority priority) {
        Objects.requireNonNull(signals, "signals");
        Objects.requireNonNull(priority, "priority");
        TaskSignal result = new TaskSignal(priority, true, null);
        result.followAll(signals);
        return result;
    }

    /**
     * A signal aborted when any of {@code signals} is (at once if one already is), whose priority follows
     * {@code prioritySource}: the specification's {@code TaskSignal.any(signals, {priority: signal})}.
     * Abort and priority are separate dependencies: aborting {@code prioritySource} aborts the result
     * only if it is also among {@code signals}. A chain of dependent signals is flattened to its root.
     * The result stays referenced by {@code prioritySource} (to follow its changes) for as long as that
     * signal lives, and by the abort sources until they abort.
     */
    public static TaskSignal any(List<? extends AbortSignal> signals, TaskSignal prioritySource) {
        Objects.requireNonNull(signals, "signals");
        Objects.requireNonNull(prioritySource, "prioritySource");
        TaskSignal source = prioritySource;
        if (!source.hasFixedPriority() && source.dependent) {
            source = source.sourceSignal;
        }
        TaskSignal result;
        if (source.hasFixedPriority()) {
            result = new TaskSignal(source.priority(), true, null);
        } else {
            // priority read and dependent added under the source's lock: no change can slip in between
            source.priorityChangeLock.lock();
            try {
                result = new TaskSignal(source.priority(), true, source);
                synchronized (source.dependentTaskSignals) {
                    source.dependentTaskSignals.add(result);
                }
            } finally {
                source.priorityChangeLock.unlock();
            }
        }
        result.followAll(signals);
        return result;
    }

    /** Registers what the specification's dynamic queue adds: "Set queue's priority to signal's priority". */
    void addPriorityChangeAlgorithm(Runnable algorithm) {
        synchronized (priorityChangeAlgorithms) {
            priorityChangeAlgorithms.add(algorithm);
        }
    }

    void removePriorityChangeAlgorithm(Runnable algorithm) {
        synchronized (priorityChangeAlgorithms) {
            priorityChangeAlgorithms.remove(algorithm);
        }
    }

    /** The specification's "signal priority change", steps 1 to 9. */
    void signalPriorityChange(TaskPriority newPriority) {
        Objects.requireNonNull(newPriority, "priority");
        priorityChangeLock.lock();
        try {
            // step 1 comes before step 2: even a same-priority call during dispatch throws
            if (priorityChanging) {
                throw new IllegalStateException(
                        "setPriority called while this signal's prioritychange is being dispatched");
            }
            if (priority == newPriority) {
                return;
            }
            priorityChanging = true;
            try {
                TaskPriority previousPriority = priority;
                priority = newPriority;
                for (Runnable algorithm : snapshot(priorityChangeAlgorithms)) {
                    algorithm.run();
                }
                TaskPriorityChangeEvent event = new TaskPriorityChangeEvent(this, previousPriority);
                for (Consumer<TaskPriorityChangeEvent> listener : snapshot(priorityChangeListeners)) {
                    try {
                        listener.accept(event);
                    } catch (Throwable e) {
                        reportUncaught(e);
                    }
                }
                for (TaskSignal dependentSignal : snapshot(dependentTaskSignals)) {
                    dependentSignal.signalPriorityChange(newPriority);
                }
            } finally {
                priorityChanging = false;
            }
        } finally {
            priorityChangeLock.unlock();
        }
    }

    private static <T> List<T> snapshot(List<T> list) {
        synchronized (list) {
            return new ArrayList<>(list);
        }
    }

    @Override
    public String toString() {
        return "TaskSignal[" + priority.id() + (isAborted() ? ", aborted" : "") + "]";
    }
}
