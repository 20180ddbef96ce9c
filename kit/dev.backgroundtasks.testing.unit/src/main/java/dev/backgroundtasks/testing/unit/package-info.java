/** A task's unit tests without a framework: {@link dev.backgroundtasks.testing.unit.TestTaskContext}. */
package dev.backgroundtasks.testing.unit;
