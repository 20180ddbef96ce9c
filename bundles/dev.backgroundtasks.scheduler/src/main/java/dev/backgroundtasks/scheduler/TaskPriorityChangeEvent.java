package dev.backgroundtasks.scheduler;

import java.util.Objects;

/**
 * The {@code prioritychange} event of a {@link TaskSignal}: the new priority is {@code target().priority()}.
 *
 * @param target the signal whose priority changed
 * @param previousPriority its priority before the change; required, as in the specification's init dictionary
 */
public record TaskPriorityChangeEvent(TaskSignal target, TaskPriority previousPriority) {
    public TaskPriorityChangeEvent {
        Objects.requireNonNull(previousPriority, "previousPriority");
    }
}
