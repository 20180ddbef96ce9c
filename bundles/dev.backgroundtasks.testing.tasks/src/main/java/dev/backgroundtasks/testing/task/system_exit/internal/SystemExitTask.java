package dev.backgroundtasks.testing.task.system_exit.internal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.osgi.service.component.annotations.Component;

import dev.backgroundtasks.api.BackgroundTask;
import dev.backgroundtasks.api.TaskContext;
import dev.backgroundtasks.api.TaskDefinition;

/** Calls System.exit with its first argument. */
@Component(service = BackgroundTask.class)
@TaskDefinition(name = "system_exit")
public class SystemExitTask implements BackgroundTask {
    @Override
    public CompletionStage<Integer> run(TaskContext context) throws Exception {
        System.exit(Integer.parseInt(context.commandLine().getArgument(0)));
        return CompletableFuture.completedFuture(0);
    }
}
