package dev.backgroundtasks.api;

import java.nio.file.Path;

import org.osgi.annotation.versioning.ProviderType;

import dev.backgroundtasks.scheduler.Scheduler;

/** What the platform gives a running task. */
@ProviderType
public interface TaskContext {
    /** The name the task was started with. */
    String taskName();

    /** The arguments after NAME, launcher options removed, verbatim. */
    CommandLine commandLine();

    /** The profile directory of this run. */
    Path profileDirectory();

    /** Whether the profile is removed when the run ends. */
    boolean isEphemeralProfile();

    /** The layered preferences of this run. */
    Preferences preferences();

    /** The scheduler of the task's event loop, the loop {@link BackgroundTask#run} is called on. */
    Scheduler scheduler();

    /** Shutdown blockers and the shutdown phase. */
    Shutdown shutdown();
}
