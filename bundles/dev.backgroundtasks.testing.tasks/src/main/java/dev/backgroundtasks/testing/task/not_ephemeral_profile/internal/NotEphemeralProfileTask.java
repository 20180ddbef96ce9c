package dev.backgroundtasks.testing.task.not_ephemeral_profile.internal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.osgi.service.component.annotations.Component;

import dev.backgroundtasks.api.BackgroundTask;
import dev.backgroundtasks.api.TaskContext;
import dev.backgroundtasks.api.TaskDefinition;

/** Persistent profile: exits with the stored int PREF (0 if none), then stores VALUE. */
@Component(service = BackgroundTask.class)
@TaskDefinition(name = "not_ephemeral_profile", persistentProfile = true)
public class NotEphemeralProfileTask implements BackgroundTask {
    @Override
    public CompletionStage<Integer> run(TaskContext context) throws Exception {
        String name = context.commandLine().getArgument(0);
        String value = context.commandLine().getArgument(1);
        int stored = context.preferences().getInt(name, 0);
        context.preferences().set(name, Integer.valueOf(value));
        return CompletableFuture.completedFuture(stored);
    }
}
