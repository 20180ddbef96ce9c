package dev.backgroundtasks.launcher.internal.lookup;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** docs/reference/lookup.md: a task name is 1 to 64 of A-Z a-z 0-9 _ -. */
class TaskNamesTest {
    @Test
    void theNamesAllowed() {
        for (String name : new String[] {"a", "success", "print_args", "Z-9_x", "a".repeat(64)}) {
            assertTrue(TaskNames.valid(name), name);
        }
    }

    @Test
    void theNamesRefused() {
        for (String name : new String[] {null, "", "a".repeat(65), "a b", "a.b", "a/b", "ü", "a\n", "é", "a;b"}) {
            assertFalse(TaskNames.valid(name), String.valueOf(name));
        }
    }
}
