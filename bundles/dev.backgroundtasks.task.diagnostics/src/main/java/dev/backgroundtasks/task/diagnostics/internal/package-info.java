/** The diagnostics toolkit task. */
package dev.backgroundtasks.task.diagnostics.internal;
