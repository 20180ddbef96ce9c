/** The test-only task {@code not_ephemeral_profile} (docs/reference/tasks.md), found only through BACKGROUNDTASKS_TESTING_DIR. */
package dev.backgroundtasks.testing.task.not_ephemeral_profile.internal;
