package dev.backgroundtasks.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class TaskPriorityTest {
    @Test
    void idsAreTheSpecificationNames() {
        assertEquals("user-blocking", TaskPriority.USER_BLOCKING.id());
        assertEquals("user-visible", TaskPriority.USER_VISIBLE.id());
        assertEquals("background", TaskPriority.BACKGROUND.id());
        for (TaskPriority priority : TaskPriority.values()) {
            assertEquals(priority, TaskPriority.of(priority.id()));
        }
    }

    @Test
    void anythingElseIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> TaskPriority.of("USER_BLOCKING"));
        assertThrows(IllegalArgumentException.class, () -> TaskPriority.of("high"));
        assertThrows(IllegalArgumentException.class, () -> TaskPriority.of(null));
    }

    @Test
    void negativeDelayIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> PostTaskOptions.defaults().delay(-1));
    }

    @Test
    void priorityChangeEventRequiresThePreviousPriority() {
        assertThrows(NullPointerException.class, () -> new TaskPriorityChangeEvent(null, null));
    }
}
