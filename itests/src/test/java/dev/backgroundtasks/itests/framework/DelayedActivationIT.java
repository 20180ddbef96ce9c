package dev.backgroundtasks.itests.framework;

import static dev.backgroundtasks.itests.framework.TaskServices.awaitTask;
import static dev.backgroundtasks.itests.framework.TaskServices.configuration;
import static dev.backgroundtasks.itests.framework.TaskServices.description;
import static dev.backgroundtasks.itests.framework.TaskServices.stateName;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;

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
        return Platform.with(Platform.reactorBundle(Platform.TESTING_TASKS));
    }

    @Test
    public void aTaskIsActivatedOnlyWhenItsServiceIsUsed() throws Exception {
        ServiceReference<BackgroundTask> reference = awaitTask(context, "success");
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
