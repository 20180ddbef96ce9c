package dev.backgroundtasks.launcher.internal.run;

import java.nio.file.Path;

import dev.backgroundtasks.api.CommandLine;
import dev.backgroundtasks.api.Preferences;
import dev.backgroundtasks.api.Shutdown;
import dev.backgroundtasks.api.TaskContext;
import dev.backgroundtasks.scheduler.Scheduler;

/** The TaskContext of one run. */
record RunContext(String taskName, CommandLine commandLine, Path profileDirectory, boolean isEphemeralProfile,
        Preferences preferences, Scheduler scheduler, Shutdown shutdown) implements TaskContext {
}
