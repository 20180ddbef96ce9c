package dev.backgroundtasks.testing.task.success.internal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.osgi.service.component.annotations.Component;

import dev.backgroundtasks.api.BackgroundTask;
import dev.backgroundtasks.api.TaskContext;
import dev.backgroundtasks.api.TaskDefinition;

/** Exits 0. */
@Component(service = BackgroundTask.class)
@TaskDefinition(name = "success")
public class SuccessTask implements BackgroundTask {
    @Override
    public CompletionStage<Integer> run(TaskContext context) throws Exception {
        return CompletableFuture.completedFuture(0);
    }
}
