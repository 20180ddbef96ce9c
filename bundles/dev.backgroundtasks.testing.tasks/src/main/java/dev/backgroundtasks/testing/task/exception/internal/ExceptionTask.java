package dev.backgroundtasks.testing.task.exception.internal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.osgi.service.component.annotations.Component;

import dev.backgroundtasks.api.BackgroundTask;
import dev.backgroundtasks.api.TaskContext;
import dev.backgroundtasks.api.TaskDefinition;

/** Throws: exits 3. */
@Component(service = BackgroundTask.class)
@TaskDefinition(name = "exception")
public class ExceptionTask implements BackgroundTask {
    @Override
    public CompletionStage<Integer> run(TaskContext context) throws Exception {
        throw new IllegalStateException("the exception task throws, as it should");
    }
}
