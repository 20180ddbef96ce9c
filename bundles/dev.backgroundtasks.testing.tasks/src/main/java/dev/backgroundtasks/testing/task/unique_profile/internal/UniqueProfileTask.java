package dev.backgroundtasks.testing.task.unique_profile.internal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.osgi.service.component.annotations.Component;

import dev.backgroundtasks.api.BackgroundTask;
import dev.backgroundtasks.api.TaskContext;
import dev.backgroundtasks.api.TaskDefinition;

/** Prints SENTINEL, its profile path and SENTINEL on stdout. */
@Component(service = BackgroundTask.class)
@TaskDefinition(name = "unique_profile")
public class UniqueProfileTask implements BackgroundTask {
    @Override
    public CompletionStage<Integer> run(TaskContext context) throws Exception {
        String sentinel = context.commandLine().getArgument(0);
        System.out.println(sentinel + context.profileDirectory() + sentinel);
        return CompletableFuture.completedFuture(0);
    }
}
