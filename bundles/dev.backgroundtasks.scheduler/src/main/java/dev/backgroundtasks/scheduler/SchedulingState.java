package dev.backgroundtasks.scheduler;

/**
 * The specification's "scheduling state": what a {@code yield()} continuation inherits from the
 * postTask callback, idle callback or continuation running it.
 *
 * @param prioritySource the signal whose priority the continuation takes (a fixed one for an explicit priority)
 * @param abortSource the signal that aborts it, or null
 */
record SchedulingState(TaskSignal prioritySource, AbortSignal abortSource) {
    private static final SchedulingState USER_BLOCKING = new SchedulingState(TaskSignal.FIXED_USER_BLOCKING, null);
    static final SchedulingState USER_VISIBLE = new SchedulingState(TaskSignal.FIXED_USER_VISIBLE, null);
    /** Also an idle callback's state: "a fixed priority unabortable task signal given background". */
    static final SchedulingState BACKGROUND = new SchedulingState(TaskSignal.FIXED_BACKGROUND, null);

    /** The state for these sources; shared for the unabortable fixed ones, the common case. */
    static SchedulingState of(TaskSignal prioritySource, AbortSignal abortSource) {
        if (abortSource == null) {
            if (prioritySource == TaskSignal.FIXED_USER_VISIBLE) {
                return USER_VISIBLE;
            } else if (prioritySource == TaskSignal.FIXED_BACKGROUND) {
                return BACKGROUND;
            } else if (prioritySource == TaskSignal.FIXED_USER_BLOCKING) {
                return USER_BLOCKING;
            }
        }
        return new SchedulingState(prioritySource, abortSource);
    }
}
