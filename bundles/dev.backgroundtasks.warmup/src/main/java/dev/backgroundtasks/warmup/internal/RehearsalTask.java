package dev.backgroundtasks.warmup.internal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.osgi.service.component.annotations.Component;

import dev.backgroundtasks.api.BackgroundTask;
import dev.backgroundtasks.api.TaskContext;
import dev.backgroundtasks.api.TaskDefinition;

/**
 * The warm host's rehearsal: does nothing and exits 0, with no minimum runtime. It reads its preferences
 * and profile, as most tasks do, so that those paths are loaded too.
 */
@Component(service = BackgroundTask.class)
@TaskDefinition(name = RehearsalTask.NAME, minRuntimeMs = 0)
public class RehearsalTask implements BackgroundTask {
    /** The name the warm host runs (WarmUp.REHEARSAL_TASK in the launcher). */
    static final String NAME = "backgroundtasks-warm-up";

    @Override
    public CompletionStage<Integer> run(TaskContext context) {
        context.preferences();
        context.profileDirectory();
        return CompletableFuture.completedFuture(0);
    }
}
