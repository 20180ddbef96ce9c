/** One run in either mode: the launcher's steps, the Felix session, the task's run, shutdown and the run history. */
package dev.backgroundtasks.launcher.internal.run;
