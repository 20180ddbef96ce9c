/** The backgroundupdate toolkit task. */
package dev.backgroundtasks.task.backgroundupdate.internal;
