package dev.backgroundtasks.testing.task.exitcode.internal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.osgi.service.component.annotations.Component;

import dev.backgroundtasks.api.BackgroundTask;
import dev.backgroundtasks.api.TaskContext;
import dev.backgroundtasks.api.TaskDefinition;

/** Exits with its first argument. */
@Component(service = BackgroundTask.class)
@TaskDefinition(name = "exitcode")
public class ExitCodeTask implements BackgroundTask {
    @Override
    public CompletionStage<Integer> run(TaskContext context) throws Exception {
        return CompletableFuture.completedFuture(Integer.parseInt(context.commandLine().getArgument(0)));
    }
}
