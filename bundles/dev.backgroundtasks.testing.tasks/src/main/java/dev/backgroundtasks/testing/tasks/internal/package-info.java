/** Test-only tasks (docs/reference/tasks.md), found only through BACKGROUNDTASKS_TESTING_DIR. */
package dev.backgroundtasks.testing.tasks.internal;
