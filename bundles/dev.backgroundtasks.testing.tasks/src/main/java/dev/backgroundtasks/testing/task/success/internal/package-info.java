/** The test-only task {@code success} (docs/reference/tasks.md), found only through BACKGROUNDTASKS_TESTING_DIR. */
package dev.backgroundtasks.testing.task.success.internal;
