package dev.backgroundtasks.testing.task.timeout.internal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.osgi.service.component.annotations.Component;

import dev.backgroundtasks.api.BackgroundTask;
import dev.backgroundtasks.api.TaskContext;
import dev.backgroundtasks.api.TaskDefinition;
import dev.backgroundtasks.scheduler.PostTaskOptions;

/** Waits 5 minutes with a timeout of 1 s: exits 4. */
@Component(service = BackgroundTask.class)
@TaskDefinition(name = "timeout", timeoutSec = 1)
public class TimeoutTask implements BackgroundTask {
    @Override
    public CompletionStage<Integer> run(TaskContext context) throws Exception {
        return context.scheduler().postTask(() -> 0, PostTaskOptions.defaults().delay(5 * 60 * 1000));
    }
}
