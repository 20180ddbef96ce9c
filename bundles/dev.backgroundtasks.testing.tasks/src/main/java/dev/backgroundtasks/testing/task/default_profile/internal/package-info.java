/** The test-only task {@code default_profile} (docs/reference/tasks.md), found only through BACKGROUNDTASKS_TESTING_DIR. */
package dev.backgroundtasks.testing.task.default_profile.internal;
