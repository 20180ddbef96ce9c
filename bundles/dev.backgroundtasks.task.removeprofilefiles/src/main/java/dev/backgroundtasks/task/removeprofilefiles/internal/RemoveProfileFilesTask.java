package dev.backgroundtasks.task.removeprofilefiles.internal;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.osgi.service.component.annotations.Component;

import dev.backgroundtasks.api.BackgroundTask;
import dev.backgroundtasks.api.ExitCode;
import dev.backgroundtasks.api.TaskContext;
import dev.backgroundtasks.api.TaskDefinition;
import dev.backgroundtasks.internal.files.BlockingWork;

/**
 * {@code removeProfileFiles ROOT LOCAL LOCK_TIMEOUT_SEC}: Firefox's {@code BackgroundTask_removeProfileFiles}
 * (docs/reference/tasks.md), with which an application removes a profile whose process may still be
 * quitting: it waits up to LOCK_TIMEOUT_SEC for the profile's lock, then removes both directories.
 * Exit 0, or 3 with the reason on stderr (seen with {@code --attach-console}).
 */
@Component(service = BackgroundTask.class)
@TaskDefinition(name = "removeProfileFiles", noOutput = true)
public class RemoveProfileFilesTask implements BackgroundTask {
    @Override
    public CompletionStage<Integer> run(TaskContext context) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ProfileRemovalArguments arguments;
        try {
            arguments = ProfileRemovalArguments.parse(context.commandLine().arguments());
        } catch (IllegalArgumentException e) {
            err.println("Failed to remove profile directories: " + e.getMessage());
            return CompletableFuture.completedFuture(ExitCode.EXCEPTION);
        }
        ProfileRemoval removal = new ProfileRemoval(Thread::sleep, System::nanoTime, home(), out, err);
        // The lock wait and the file work block: they run on a thread of their own, never on the task's event loop.
        BlockingWork worker = new BlockingWork("removeProfileFiles", () -> removal.run(arguments), err,
                "Failed to remove profile directories", ExitCode.EXCEPTION);
        // On a signal or the timeout, stop waiting (or stop between two entries) and release the lock.
        context.shutdown().addBlocker("removeProfileFiles", () -> {
            worker.interrupt();
            return worker.result().handle((code, failure) -> null);
        });
        worker.start();
        return worker.result();
    }

    private static Path home() {
        String home = System.getProperty("user.home");
        if (home == null || home.isEmpty()) {
            return null;
        }
        try {
            return Path.of(home).toRealPath();
        } catch (IOException | RuntimeException e) {
            return Path.of(home).toAbsolutePath();
        }
    }
}
