/** The test-only task {@code unique_profile} (docs/reference/tasks.md), found only through BACKGROUNDTASKS_TESTING_DIR. */
package dev.backgroundtasks.testing.task.unique_profile.internal;
