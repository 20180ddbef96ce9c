package dev.backgroundtasks.testing.task.shouldprocessupdates.internal;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

import dev.backgroundtasks.api.BackgroundTask;
import dev.backgroundtasks.api.TaskDefinition;
import dev.backgroundtasks.testing.task.updatereason.internal.UpdateReasonTask;

/** {@code shouldprocessupdates}: updating = true; see {@link UpdateReasonTask}. */
@Component(service = BackgroundTask.class)
@TaskDefinition(name = "shouldprocessupdates", updating = true, minRuntimeMs = 0)
public class ShouldProcessUpdatesTask extends UpdateReasonTask {
    @Activate
    public ShouldProcessUpdatesTask(BundleContext bundleContext) {
        super(bundleContext);
    }
}
