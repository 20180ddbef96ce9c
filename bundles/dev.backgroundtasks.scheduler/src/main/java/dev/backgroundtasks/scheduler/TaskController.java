package dev.backgroundtasks.scheduler;

import java.util.Objects;

/**
 * Aborts and re-prioritises the tasks posted with its {@link #signal()}, the specification's
 * TaskController. May be used from any thread.
 */
public class TaskController extends AbortController {
    /** A controller whose signal starts at {@link TaskPriority#USER_VISIBLE}. */
    public TaskController() {
        this(TaskPriority.USER_VISIBLE);
    }

    /** A controller whose signal starts at {@code priority}. */
    public TaskController(TaskPriority priority) {
        super(new TaskSignal(Objects.requireNonNull(priority, "priority"), false, null));
    }

    @Override
    public TaskSignal signal() {
        return (TaskSignal) super.signal();
    }

    /**
     * Changes the signal's priority. Synchronously, on this thread: every pending task of the signal (on
     * every loop) moves to the new priority keeping its age order, the {@code prioritychange} listeners
     * run, then the signals that follow this one's priority change too. The same priority does nothing.
     * Calls on one signal are serialised.
     *
     * @throws IllegalStateException when called while this signal's {@code prioritychange} is being
     *         dispatched on this thread (from a listener), the web API's NotAllowedError
     */
    public void setPriority(TaskPriority priority) {
        signal().signalPriorityChange(priority);
    }
}
