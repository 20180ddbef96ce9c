/** The test-only task {@code specific_pref} (docs/reference/tasks.md), found only through BACKGROUNDTASKS_TESTING_DIR. */
package dev.backgroundtasks.testing.task.specific_pref.internal;
