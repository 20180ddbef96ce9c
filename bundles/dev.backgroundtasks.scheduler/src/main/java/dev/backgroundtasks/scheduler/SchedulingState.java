package dev.backgroundtasks.scheduler;

/**
 * The specification's "scheduling state": what a {@code yield()} continuation inherits from the
 * postTask callback, idle callback or continuation running it.
 *
 * @param prioritySource the signal whose priority the continuation takes (a fixed one for an explicit priority)
 * @param abortSource the signal that aborts it, or null
 */
record SchedulingState(TaskSignal prioritySource, AbortSignal abortSource) {
    /** An idle callback's state: "a fixed priority unabortable task signal given background". */
    static final SchedulingState IDLE_CALLBACK = new SchedulingState(TaskSignal.FIXED_BACKGROUND, null);
}
