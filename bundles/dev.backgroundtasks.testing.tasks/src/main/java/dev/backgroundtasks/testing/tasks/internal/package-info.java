/** Test-only tasks (contract section 7), found only through BACKGROUNDTASKS_TESTING_DIR. */
package dev.backgroundtasks.testing.tasks.internal;
