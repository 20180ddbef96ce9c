/** The test-only task {@code hang_on_stop} (docs/reference/tasks.md), found only through BACKGROUNDTASKS_TESTING_DIR. */
package dev.backgroundtasks.testing.task.hang_on_stop.internal;
