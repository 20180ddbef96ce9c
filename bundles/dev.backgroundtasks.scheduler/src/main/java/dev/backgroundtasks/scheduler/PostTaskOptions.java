package dev.backgroundtasks.scheduler;

/**
 * The options of {@link Scheduler#postTask(java.util.concurrent.Callable, PostTaskOptions)}, the
 * specification's SchedulerPostTaskOptions. Immutable: each method returns a new value.
 */
public final class PostTaskOptions {
    private static final PostTaskOptions DEFAULTS = new PostTaskOptions(null, 0, null);

    private final TaskPriority priority;
    private final long delay;
    private final AbortSignal signal;

    private PostTaskOptions(TaskPriority priority, long delay, AbortSignal signal) {
        this.priority = priority;
        this.delay = delay;
        this.signal = signal;
    }

    /** No priority, no delay, no signal: a user-visible task that runs as soon as its turn comes. */
    public static PostTaskOptions defaults() {
        return DEFAULTS;
    }

    /**
     * A fixed priority for the task. It beats the priority of a {@link TaskSignal} given as
     * {@link #signal}, which then only aborts the task. Null removes the priority.
     */
    public PostTaskOptions priority(TaskPriority priority) {
        return new PostTaskOptions(priority, delay, signal);
    }

    /**
     * Milliseconds to wait before the task is queued; 0 queues it at once. The task takes its place in
     * the queue, and its priority, when the delay expires.
     *
     * @throws IllegalArgumentException when negative (the web API's TypeError)
     */
    public PostTaskOptions delay(long millis) {
        if (millis < 0) {
            throw new IllegalArgumentException("negative delay: " + millis);
        }
        return new PostTaskOptions(priority, millis, signal);
    }

    /**
     * The signal that aborts the task; a {@link TaskSignal} also gives its priority unless
     * {@link #priority} is set. Null removes the signal.
     */
    public PostTaskOptions signal(AbortSignal signal) {
        return new PostTaskOptions(priority, delay, signal);
    }

    TaskPriority priority() {
        return priority;
    }

    long delay() {
        return delay;
    }

    AbortSignal signal() {
        return signal;
    }

    @Override
    public String toString() {
        return "PostTaskOptions[priority=" + priority + ", delay=" + delay + ", signal=" + signal + "]";
    }
}
