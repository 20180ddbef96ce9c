package dev.backgroundtasks.testing.task.minruntime.internal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.osgi.service.component.annotations.Component;

import dev.backgroundtasks.api.BackgroundTask;
import dev.backgroundtasks.api.TaskContext;
import dev.backgroundtasks.api.TaskDefinition;

/** Exits 0 at once, with a minimum runtime of 2 s. */
@Component(service = BackgroundTask.class)
@TaskDefinition(name = "minruntime", minRuntimeMs = 2000)
public class MinRuntimeTask implements BackgroundTask {
    @Override
    public CompletionStage<Integer> run(TaskContext context) throws Exception {
        return CompletableFuture.completedFuture(0);
    }
}
