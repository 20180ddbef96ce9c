package dev.backgroundtasks.scheduler;

/**
 * The three priorities of the Prioritized Task Scheduling API, highest first. Tasks of one loop run in
 * strict priority order: every runnable {@code user-blocking} task before any {@code user-visible}
 * one, which in turn runs before any {@code background} one.
 */
public enum TaskPriority {
    /** Work the user is waiting on, such as the response to input. */
    USER_BLOCKING("user-blocking"),
    /** Work the user sees but does not block on; the default priority. */
    USER_VISIBLE("user-visible"),
    /** Work nobody is waiting on, run when nothing more important is runnable. */
    BACKGROUND("background");

    private final String id;

    TaskPriority(String id) {
        this.id = id;
    }

    /** The specification's name of this priority: {@code "user-blocking"}, {@code "user-visible"} or {@code "background"}. */
    public String id() {
        return id;
    }

    /**
     * The priority with the given specification name.
     *
     * @throws IllegalArgumentException for anything but the three names (the web API's TypeError)
     */
    public static TaskPriority of(String id) {
        for (TaskPriority priority : values()) {
            if (priority.id.equals(id)) {
                return priority;
            }
        }
        throw new IllegalArgumentException("not a task priority: " + id
                + " (expected user-blocking, user-visible or background)");
    }

    @Override
    public String toString() {
        return id;
    }
}
