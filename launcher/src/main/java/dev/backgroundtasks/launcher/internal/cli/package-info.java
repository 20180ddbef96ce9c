/** The launcher's command line and the task's own command line. */
package dev.backgroundtasks.launcher.internal.cli;
