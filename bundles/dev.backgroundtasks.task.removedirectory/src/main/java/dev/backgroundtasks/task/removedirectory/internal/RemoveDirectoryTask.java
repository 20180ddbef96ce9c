package dev.backgroundtasks.task.removedirectory.internal;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

import dev.backgroundtasks.api.BackgroundTask;
import dev.backgroundtasks.api.ExitCode;
import dev.backgroundtasks.api.FrameworkProperties;
import dev.backgroundtasks.internal.files.BlockingWork;
import dev.backgroundtasks.internal.files.PrivateFiles;
import dev.backgroundtasks.api.TaskContext;
import dev.backgroundtasks.api.TaskDefinition;

/**
 * {@code removeDirectory PARENT CHILD SECONDS_TO_WAIT [OTHER_FOLDERS_SUFFIX] [--test-sleep MS]}: Firefox's
 * {@code BackgroundTask_removeDirectory} (docs/reference/processes.md), which an application starts in a
 * detached process through {@code BackgroundTasksRunner.removeDirectoryInDetachedProcess} to remove a
 * directory it has renamed away, after it has quit. Beyond Firefox it never follows a symbolic link,
 * never removes PARENT or anything outside it, keys its lock by the directory's full path, and reports
 * what it removed on stdout (seen with {@code --attach-console}).
 */
@Component(service = BackgroundTask.class)
@TaskDefinition(name = "removeDirectory", noOutput = true)
public class RemoveDirectoryTask implements BackgroundTask {
    /** Firefox's preference name, kept on purpose (docs/reference/preferences.md). */
    static final String TEST_SLEEP_PREF = "toolkit.background_tasks.remove_directory.testing.sleep_ms";

    private final PurgeLocks locks;
    private final BundleContext bundleContext;

    @Activate
    public RemoveDirectoryTask(BundleContext bundleContext) {
        this.locks = new PurgeLocks(lockDirectory(bundleContext.getProperty(FrameworkProperties.RUNTIME_DIR),
                System.getenv()));
        this.bundleContext = bundleContext;
    }

    RemoveDirectoryTask(Path lockDirectory) {
        this.locks = new PurgeLocks(lockDirectory);
        this.bundleContext = null;
    }

    /**
     * The runtime directory the launcher gives, else {@code BACKGROUNDTASKS_RUNTIME_DIR}, else a per-user
     * directory under {@code java.io.tmpdir} (another launcher than this platform's).
     */
    static Path lockDirectory(String runtimeDirProperty, Map<String, String> env) {
        if (runtimeDirProperty != null && !runtimeDirProperty.isEmpty()) {
            return Path.of(runtimeDirProperty);
        }
        String explicit = env.get("BACKGROUNDTASKS_RUNTIME_DIR");
        if (explicit != null && !explicit.isEmpty()) {
            return Path.of(explicit).toAbsolutePath();
        }
        return PrivateFiles.perUserTempDirectory();
    }

    @Override
    public CompletionStage<Integer> run(TaskContext context) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        RemoveDirectoryArguments arguments;
        try {
            arguments = RemoveDirectoryArguments.parse(context.commandLine(),
                    context.preferences().getInt(TEST_SLEEP_PREF, 0));
        } catch (IllegalArgumentException e) {
            err.println("removeDirectory: " + e.getMessage());
            return CompletableFuture.completedFuture(ExitCode.EXCEPTION);
        }
        DirectoryPurge purge = new DirectoryPurge(locks, Thread::sleep, out, err);
        // Waits and file work block: they run on a thread of their own, never on the task's event loop.
        BlockingWork worker = new BlockingWork("removeDirectory", () -> purge.run(arguments), err, "removeDirectory",
                ExitCode.EXCEPTION);
        // The application (when one runs and serves TaskReports) learns how the purge ended (docs/reference/java-api.md).
        CompletableFuture<Integer> outcome = worker.result().thenApply(code -> {
            OutcomeReport.send(bundleContext, "removeDirectory", code,
                    arguments.parent().resolve(arguments.childName()) + (code == 0 ? " purged" : " failed"));
            return code;
        });
        // On a signal or the timeout, stop between two entries and release the lock rather than be halted.
        context.shutdown().addBlocker("removeDirectory", () -> {
            worker.interrupt();
            return outcome.handle((code, failure) -> null);
        });
        worker.start();
        return outcome;
    }
}
