/** The test-only task {@code shouldprocessupdates} (docs/reference/tasks.md), found only through BACKGROUNDTASKS_TESTING_DIR. */
package dev.backgroundtasks.testing.task.shouldprocessupdates.internal;
