package dev.backgroundtasks.testing.task.hang_on_stop.internal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

import dev.backgroundtasks.api.BackgroundTask;
import dev.backgroundtasks.api.TaskContext;
import dev.backgroundtasks.api.TaskDefinition;

/**
 * Returns 0 at once, then never lets the framework stop: its deactivation ignores interruption
 * forever, so only the watchdog ends the run, halting past the shutdown budget (run history records
 * such a run before the halt).
 */
@Component(service = BackgroundTask.class)
@TaskDefinition(name = "hang_on_stop", minRuntimeMs = 0)
public class HangOnStopTask implements BackgroundTask {
    @Override
    public CompletionStage<Integer> run(TaskContext context) {
        return CompletableFuture.completedFuture(0);
    }

    @Deactivate
    void deactivate() {
        while (true) {
            try {
                Thread.sleep(1_000);
            } catch (InterruptedException ignored) {
                // on purpose
            }
        }
    }
}
