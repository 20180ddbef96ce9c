package dev.backgroundtasks.testing.tasks.internal;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

import dev.backgroundtasks.api.BackgroundTask;
import dev.backgroundtasks.api.TaskDefinition;

/** {@code shouldnotprocessupdates}: updating = false; see {@link UpdateReasonTask}. */
@Component(service = BackgroundTask.class)
@TaskDefinition(name = "shouldnotprocessupdates", updating = false, minRuntimeMs = 0)
public class ShouldNotProcessUpdatesTask extends UpdateReasonTask {
    @Activate
    public ShouldNotProcessUpdatesTask(BundleContext bundleContext) {
        super(bundleContext);
    }
}
