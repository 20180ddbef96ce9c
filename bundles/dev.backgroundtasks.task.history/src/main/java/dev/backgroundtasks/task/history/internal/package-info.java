/** The run history toolkit task. */
package dev.backgroundtasks.task.history.internal;
