/** The schedule toolkit task. */
package dev.backgroundtasks.task.schedule.internal;
