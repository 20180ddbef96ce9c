package dev.backgroundtasks.testing.task.failure.internal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.osgi.service.component.annotations.Component;

import dev.backgroundtasks.api.BackgroundTask;
import dev.backgroundtasks.api.TaskContext;
import dev.backgroundtasks.api.TaskDefinition;

/** Exits 1. */
@Component(service = BackgroundTask.class)
@TaskDefinition(name = "failure")
public class FailureTask implements BackgroundTask {
    @Override
    public CompletionStage<Integer> run(TaskContext context) throws Exception {
        return CompletableFuture.completedFuture(1);
    }
}
