package dev.backgroundtasks.testing.tasks.internal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

import dev.backgroundtasks.api.BackgroundTask;
import dev.backgroundtasks.api.TaskContext;
import dev.backgroundtasks.api.TaskDefinition;

/**
 * Firefox's test task: reads why updates were not processed (the framework property the launcher
 * sets for --test-should-not-process-updates) and exits 80 (OtherInstanceRunning), 78
 * (NotAnUpdatingTask) or 81 (processed, or nothing to process). updating = true.
 */
@Component(service = BackgroundTask.class)
@TaskDefinition(name = "shouldprocessupdates", updating = true, minRuntimeMs = 0)
public class ShouldProcessUpdatesTask implements BackgroundTask {
    private final BundleContext bundleContext;

    @Activate
    public ShouldProcessUpdatesTask(BundleContext bundleContext) {
        this.bundleContext = bundleContext;
    }

    @Override
    public CompletionStage<Integer> run(TaskContext context) {
        String reason = bundleContext.getProperty("dev.backgroundtasks.updates.notProcessedReason");
        System.out.println("notProcessedReason=" + reason + " status="
                + bundleContext.getProperty("dev.backgroundtasks.updates.status"));
        int code = "OtherInstanceRunning".equals(reason) ? 80 : "NotAnUpdatingTask".equals(reason) ? 78 : 81;
        return CompletableFuture.completedFuture(code);
    }
}
