package dev.backgroundtasks.testing.task.shouldnotprocessupdates.internal;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

import dev.backgroundtasks.api.BackgroundTask;
import dev.backgroundtasks.api.TaskDefinition;
import dev.backgroundtasks.testing.task.updatereason.internal.UpdateReasonTask;

/** {@code shouldnotprocessupdates}: updating = false; see {@link UpdateReasonTask}. */
@Component(service = BackgroundTask.class)
@TaskDefinition(name = "shouldnotprocessupdates", updating = false, minRuntimeMs = 0)
public class ShouldNotProcessUpdatesTask extends UpdateReasonTask {
    @Activate
    public ShouldNotProcessUpdatesTask(BundleContext bundleContext) {
        super(bundleContext);
    }
}
