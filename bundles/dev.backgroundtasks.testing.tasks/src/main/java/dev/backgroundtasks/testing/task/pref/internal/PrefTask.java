package dev.backgroundtasks.testing.task.pref.internal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.osgi.service.component.annotations.Component;

import dev.backgroundtasks.api.BackgroundTask;
import dev.backgroundtasks.api.TaskContext;
import dev.backgroundtasks.api.TaskDefinition;

/** Prints the named preferences. */
@Component(service = BackgroundTask.class)
@TaskDefinition(name = "pref")
public class PrefTask implements BackgroundTask {
    @Override
    public CompletionStage<Integer> run(TaskContext context) throws Exception {
        for (String name : context.commandLine().arguments()) {
            System.out.println(name + "=" + context.preferences().getString(name,
                    String.valueOf(context.preferences().getInt(name, Integer.MIN_VALUE))));
        }
        return CompletableFuture.completedFuture(0);
    }
}
