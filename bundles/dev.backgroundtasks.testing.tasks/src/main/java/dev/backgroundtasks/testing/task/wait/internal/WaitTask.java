package dev.backgroundtasks.testing.task.wait.internal;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.osgi.service.component.annotations.Component;

import dev.backgroundtasks.api.BackgroundTask;
import dev.backgroundtasks.api.TaskContext;
import dev.backgroundtasks.api.TaskDefinition;
import dev.backgroundtasks.scheduler.PostTaskOptions;

/**
 * {@code wait [SECONDS [RECORD]]}: waits SECONDS (default 10), then completes with null. With RECORD, a
 * file, it records there how its run shut down ({@link ShutdownRecord}).
 */
@Component(service = BackgroundTask.class)
@TaskDefinition(name = "wait")
public class WaitTask implements BackgroundTask {
    @Override
    public CompletionStage<Integer> run(TaskContext context) throws Exception {
        long seconds = context.commandLine().length() > 0 ? Long.parseLong(context.commandLine().getArgument(0)) : 10;
        if (context.commandLine().length() > 1) {
            ShutdownRecord.start(Path.of(context.commandLine().getArgument(1)), context);
        }
        return context.scheduler().postTask(() -> (Integer) null, PostTaskOptions.defaults().delay(seconds * 1000));
    }
}
