package dev.backgroundtasks.testing.task.updatereason.internal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.osgi.framework.BundleContext;

import dev.backgroundtasks.api.BackgroundTask;
import dev.backgroundtasks.api.FrameworkProperties;
import dev.backgroundtasks.api.TaskContext;

/**
 * Firefox's shouldprocessupdates test task: reads why updates were not processed (the framework
 * property the launcher sets for --test-should-not-process-updates) and exits 80
 * (OtherInstanceRunning), 78 (NotAnUpdatingTask) or 81 (processed, or nothing to process). The two
 * tasks differ only in their updating setting; each task's bundle carries a private copy of this package.
 */
public abstract class UpdateReasonTask implements BackgroundTask {
    private final BundleContext bundleContext;

    protected UpdateReasonTask(BundleContext bundleContext) {
        this.bundleContext = bundleContext;
    }

    @Override
    public CompletionStage<Integer> run(TaskContext context) {
        String reason = bundleContext.getProperty(FrameworkProperties.UPDATE_NOT_PROCESSED_REASON);
        System.out.println("notProcessedReason=" + reason + " status="
                + bundleContext.getProperty(FrameworkProperties.UPDATE_DETAIL));
        int code = "OtherInstanceRunning".equals(reason) ? 80 : "NotAnUpdatingTask".equals(reason) ? 78 : 81;
        return CompletableFuture.completedFuture(code);
    }
}
