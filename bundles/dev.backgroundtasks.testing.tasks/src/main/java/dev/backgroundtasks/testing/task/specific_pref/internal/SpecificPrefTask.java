package dev.backgroundtasks.testing.task.specific_pref.internal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.osgi.service.component.annotations.Component;

import dev.backgroundtasks.api.BackgroundTask;
import dev.backgroundtasks.api.TaskContext;
import dev.backgroundtasks.api.TaskDefinition;

/** Exits with the preference test.backgroundtask_specific_pref.exitCode (79 in background mode), 4 when absent. */
@Component(service = BackgroundTask.class)
@TaskDefinition(name = "specific_pref")
public class SpecificPrefTask implements BackgroundTask {
    @Override
    public CompletionStage<Integer> run(TaskContext context) throws Exception {
        return CompletableFuture.completedFuture(
                context.preferences().getInt("test.backgroundtask_specific_pref.exitCode", 4));
    }
}
