package dev.backgroundtasks.testing.task.hang.internal;

import java.util.concurrent.CompletionStage;

import org.osgi.service.component.annotations.Component;

import dev.backgroundtasks.api.BackgroundTask;
import dev.backgroundtasks.api.TaskContext;
import dev.backgroundtasks.api.TaskDefinition;

/**
 * The worst task: leaves a non-daemon thread behind and keeps its own loop busy forever, ignoring
 * interruption. With timeoutSec 1 it must still end with 4 within timeout + shutdown budget.
 */
@Component(service = BackgroundTask.class)
@TaskDefinition(name = "hang", timeoutSec = 1)
public class HangTask implements BackgroundTask {
    @Override
    public CompletionStage<Integer> run(TaskContext context) {
        Thread stray = new Thread(HangTask::spin, "hang-non-daemon");
        stray.setDaemon(false);
        stray.start();
        spin();
        return null;
    }

    private static void spin() {
        long n = 0;
        while (n >= 0) {
            n = (n + 1) % Long.MAX_VALUE;
            Thread.interrupted();
        }
    }
}
