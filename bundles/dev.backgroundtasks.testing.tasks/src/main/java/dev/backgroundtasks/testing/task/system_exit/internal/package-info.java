/** The test-only task {@code system_exit} (docs/reference/tasks.md), found only through BACKGROUNDTASKS_TESTING_DIR. */
package dev.backgroundtasks.testing.task.system_exit.internal;
