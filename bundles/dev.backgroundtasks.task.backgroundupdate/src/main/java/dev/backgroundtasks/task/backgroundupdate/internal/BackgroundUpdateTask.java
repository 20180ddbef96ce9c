package dev.backgroundtasks.task.backgroundupdate.internal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

import dev.backgroundtasks.api.BackgroundTask;
import dev.backgroundtasks.api.ExitCode;
import dev.backgroundtasks.api.FrameworkProperties;
import dev.backgroundtasks.api.TaskContext;
import dev.backgroundtasks.api.TaskDefinition;
import dev.backgroundtasks.api.UpdateStatus;

/**
 * Applies the installation's staged update when the application is not running (Firefox's
 * backgroundupdate). The launcher does the work at the start of every updating task, under the
 * installation lock; this task reports what happened: 0 when the update was applied or nothing was
 * staged, 21 (Firefox's OTHER_INSTANCE) when another process of the installation was running, 3 when
 * applying failed. Run it from cron or a systemd timer.
 */
@Component(service = BackgroundTask.class)
@TaskDefinition(name = "backgroundupdate", updating = true, exclusive = true, persistentProfile = true,
        minRuntimeMs = 0)
public class BackgroundUpdateTask implements BackgroundTask {
    /** Another process of the installation was running: try again later. */
    static final int OTHER_INSTANCE = 21;

    private final BundleContext bundleContext;

    @Activate
    public BackgroundUpdateTask(BundleContext bundleContext) {
        this.bundleContext = bundleContext;
    }

    @Override
    public CompletionStage<Integer> run(TaskContext context) {
        String detail = String.valueOf(bundleContext.getProperty(FrameworkProperties.UPDATE_DETAIL));
        System.out.println("backgroundupdate: " + detail);
        context.preferences().set("app.update.lastStatus", detail);
        int code = UpdateStatus.of(bundleContext.getProperty(FrameworkProperties.UPDATE_STATUS))
                .map(BackgroundUpdateTask::exitCode).orElse(ExitCode.SUCCESS);
        return CompletableFuture.completedFuture(code);
    }

    /** 21 when the update was not processed (another process ran), 3 when applying failed, else 0. */
    static int exitCode(UpdateStatus status) {
        return switch (status) {
            case OTHER_INSTANCE_RUNNING, NOT_AN_UPDATING_TASK -> OTHER_INSTANCE;
            case FAILED -> ExitCode.EXCEPTION;
            default -> ExitCode.SUCCESS;
        };
    }
}
