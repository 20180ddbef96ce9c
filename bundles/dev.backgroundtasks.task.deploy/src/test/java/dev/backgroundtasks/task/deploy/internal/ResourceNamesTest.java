package dev.backgroundtasks.task.deploy.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

class ResourceNamesTest {
    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");

    @Test
    void aValidLowercaseNameIsKept() {
        assertEquals("backgroundtasks-cleanup-2", ResourceNames.forTask("cleanup-2", 52));
    }

    @Test
    void aChangedOrShortenedNameGetsAHashSoTasksNeverCollide() {
        String upper = ResourceNames.forTask("Cleanup", 52);
        String lower = ResourceNames.forTask("cleanup", 52);
        String underscore = ResourceNames.forTask("clean_up", 52);
        String dash = ResourceNames.forTask("clean-up", 52);
        assertTrue(upper.startsWith("backgroundtasks-cleanup-"), upper);
        assertNotEquals(upper, lower);
        assertNotEquals(underscore, dash);
        for (String task : List.of("Cleanup", "clean_up", "__x__", "-", "_", "A".repeat(64), "a".repeat(64), "a-".repeat(32))) {
            for (int max : new int[] {52, 63}) {
                String name = ResourceNames.forTask(task, max);
                assertTrue(name.length() <= max && DNS_LABEL.matcher(name).matches(), task + " -> " + name);
                assertEquals(name, ResourceNames.forTask(task, max), "stable");
            }
        }
    }
}
