/** The removeDirectory toolkit task (Firefox's BackgroundTask_removeDirectory). */
package dev.backgroundtasks.task.removedirectory.internal;
