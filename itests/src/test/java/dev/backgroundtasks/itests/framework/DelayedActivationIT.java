package dev.backgroundtasks.itests.framework;

import static dev.backgroundtasks.itests.framework.TaskComponents.configuration;
import static dev.backgroundtasks.itests.framework.TaskComponents.description;
import static dev.backgroundtasks.itests.framework.TaskComponents.stateName;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.ops4j.pax.exam.CoreOptions.options;

import javax.inject.Inject;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;

import dev.backgroundtasks.api.BackgroundTask;
import dev.backgroundtasks.itests.Fixtures;
import dev.backgroundtasks.testing.exam.BackgroundTasksOptions;
import dev.backgroundtasks.testing.framework.FrameworkTaskRun;

/**
 * Task components are delayed: registering every task of a bundle costs no task code, and only the
 * task the launcher asks for is instantiated.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class DelayedActivationIT {
    @Inject
    private BundleContext context;

    @Inject
    private ServiceComponentRuntime scr;

    @Configuration
    public Option[] config() {
        return options(BackgroundTasksOptions.platform(),
                BackgroundTasksOptions.taskBundle(Fixtures.testingTask("success")));
    }

    @Test
    public void aTaskIsActivatedOnlyWhenItsServiceIsUsed() throws Exception {
        ServiceReference<BackgroundTask> reference = FrameworkTaskRun.awaitService(context, "success",
                FrameworkTaskRun.DEFAULT_TIMEOUT);
        assertFalse("immediate component", description(scr, reference.getBundle(), "success").immediate);
        assertState(ComponentConfigurationDTO.SATISFIED, reference);

        BackgroundTask task = context.getService(reference);
        try {
            assertNotNull(task);
            assertState(ComponentConfigurationDTO.ACTIVE, reference);
        } finally {
            context.ungetService(reference);
        }
    }

    private void assertState(int expected, ServiceReference<BackgroundTask> reference) {
        assertEquals(stateName(expected), stateName(configuration(scr, reference.getBundle(), "success").state));
    }
}
