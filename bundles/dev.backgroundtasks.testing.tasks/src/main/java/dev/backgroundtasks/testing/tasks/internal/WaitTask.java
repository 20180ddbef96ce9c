package dev.backgroundtasks.testing.tasks.internal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.osgi.service.component.annotations.Component;

import dev.backgroundtasks.api.BackgroundTask;
import dev.backgroundtasks.api.TaskContext;
import dev.backgroundtasks.api.TaskDefinition;
import dev.backgroundtasks.scheduler.PostTaskOptions;

/** Waits SECONDS (default 10), then completes with null. */
@Component(service = BackgroundTask.class)
@TaskDefinition(name = "wait")
public class WaitTask implements BackgroundTask {
    @Override
    public CompletionStage<Integer> run(TaskContext context) throws Exception {
        long seconds = context.commandLine().length() > 0 ? Long.parseLong(context.commandLine().getArgument(0)) : 10;
        return context.scheduler().postTask(() -> (Integer) null, PostTaskOptions.defaults().delay(seconds * 1000));
    }
}
