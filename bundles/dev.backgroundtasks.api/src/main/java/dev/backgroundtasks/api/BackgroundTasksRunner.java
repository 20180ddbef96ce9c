package dev.backgroundtasks.api;

import java.nio.file.Path;
import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/** Starts background tasks in detached processes that outlive the caller. */
@ProviderType
public interface BackgroundTasksRunner {
    /** Starts {@code java -jar launcher.jar --backgroundtask taskName -- arguments} in its own session. */
    ProcessHandle runInDetachedProcess(String taskName, List<String> arguments);

    /** Starts the {@code removeDirectory} task for {@code parent/childName} in a detached process. */
    ProcessHandle removeDirectoryInDetachedProcess(Path parent, String childName, int secondsToWait,
            String otherFoldersSuffix);
}
