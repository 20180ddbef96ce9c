package dev.backgroundtasks.testing.task.exclusive.internal;

import java.util.concurrent.CompletionStage;

import org.osgi.service.component.annotations.Component;

import dev.backgroundtasks.api.BackgroundTask;
import dev.backgroundtasks.api.TaskContext;
import dev.backgroundtasks.api.TaskDefinition;
import dev.backgroundtasks.scheduler.PostTaskOptions;

/** An exclusive task that waits SECONDS (default 5) and exits 0: a second instance exits 6 at once. */
@Component(service = BackgroundTask.class)
@TaskDefinition(name = "exclusive", exclusive = true, minRuntimeMs = 0)
public class ExclusiveTask implements BackgroundTask {
    @Override
    public CompletionStage<Integer> run(TaskContext context) {
        long seconds = context.commandLine().length() > 0 ? Long.parseLong(context.commandLine().getArgument(0)) : 5;
        return context.scheduler().postTask(() -> 0, PostTaskOptions.defaults().delay(seconds * 1000));
    }
}
