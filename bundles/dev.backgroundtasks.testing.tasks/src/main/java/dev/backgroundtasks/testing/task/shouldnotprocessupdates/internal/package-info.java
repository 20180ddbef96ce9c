/** The test-only task {@code shouldnotprocessupdates} (docs/reference/tasks.md), found only through BACKGROUNDTASKS_TESTING_DIR. */
package dev.backgroundtasks.testing.task.shouldnotprocessupdates.internal;
