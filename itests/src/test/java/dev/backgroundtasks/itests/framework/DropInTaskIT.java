package dev.backgroundtasks.itests.framework;

import static dev.backgroundtasks.itests.framework.TaskServices.awaitConfiguration;
import static dev.backgroundtasks.itests.framework.TaskServices.awaitTask;
import static dev.backgroundtasks.itests.framework.TaskServices.configuration;
import static dev.backgroundtasks.itests.framework.TaskServices.description;
import static dev.backgroundtasks.itests.framework.TaskServices.stateName;
import static dev.backgroundtasks.itests.framework.TaskServices.tasksNamed;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import javax.inject.Inject;

import org.junit.After;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.wiring.FrameworkWiring;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.service.component.runtime.dto.ReferenceDTO;

import dev.backgroundtasks.api.BackgroundTask;

/**
 * A third-party task dropped in with the library it needs (the fixtures): the task waits for the
 * library's Greeter service and is registered once the library runs. The library's package alone only
 * lets the task bundle resolve; its service is what satisfies the component.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class DropInTaskIT {
    private static final String GREETER = "dev.backgroundtasks.testing.fixture.library.Greeter";

    @Inject
    private BundleContext context;

    @Inject
    private ServiceComponentRuntime scr;

    private Bundle library;
    private Bundle dropTask;

    @Configuration
    public Option[] config() {
        return Platform.with(); // the fixtures are installed by each test
    }

    @After
    public void uninstallFixtures() throws Exception {
        Bundle[] installed = Arrays.stream(new Bundle[] {dropTask, library})
                .filter(b -> b != null && b.getState() != Bundle.UNINSTALLED)
                .toArray(Bundle[]::new);
        for (Bundle bundle : installed) {
            bundle.uninstall();
        }
        // so that the next test resolves against fresh fixtures, not removal-pending ones
        CountDownLatch refreshed = new CountDownLatch(1);
        context.getBundle(0).adapt(FrameworkWiring.class).refreshBundles(null, event -> {
            if (event.getType() == FrameworkEvent.PACKAGES_REFRESHED) {
                refreshed.countDown();
            }
        });
        assertTrue("packages refreshed", refreshed.await(TaskServices.TIMEOUT_MS, TimeUnit.MILLISECONDS));
    }

    @Test
    public void withoutTheLibraryTheTaskBundleDoesNotResolve() throws Exception {
        dropTask = context.installBundle(Platform.reactorBundleLocation(Platform.FIXTURE_DROPTASK));

        BundleException failure = assertThrows(BundleException.class, dropTask::start);
        assertEquals(BundleException.RESOLVE_ERROR, failure.getType());
        assertTrue(failure.getMessage(), failure.getMessage().contains("dev.backgroundtasks.testing.fixture.library"));
        assertTrue("components of an unresolved bundle", scr.getComponentDescriptionDTOs(dropTask).isEmpty());
    }

    @Test
    public void theTaskWaitsForTheLibraryServiceAndRegistersOnceTheLibraryStarts() throws Exception {
        // installed, not started: its package is there, its Greeter component is not
        library = context.installBundle(Platform.reactorBundleLocation(Platform.FIXTURE_LIBRARY));
        dropTask = context.installBundle(Platform.reactorBundleLocation(Platform.FIXTURE_DROPTASK));
        dropTask.start();

        ComponentConfigurationDTO waiting = awaitConfiguration(scr, dropTask, "droptask",
                c -> c.state == ComponentConfigurationDTO.UNSATISFIED_REFERENCE, "UNSATISFIED_REFERENCE");
        assertEquals(1, waiting.unsatisfiedReferences.length);
        ComponentDescriptionDTO description = description(scr, dropTask, "droptask");
        ReferenceDTO greeter = Arrays.stream(description.references)
                .filter(r -> r.name.equals(waiting.unsatisfiedReferences[0].name))
                .findFirst().orElseThrow();
        assertEquals(GREETER, greeter.interfaceName);
        assertTrue("droptask registered without its Greeter", tasksNamed(context, "droptask").isEmpty());

        library.start();

        ServiceReference<BackgroundTask> task = awaitTask(context, "droptask");
        assertEquals(dropTask, task.getBundle());
        assertEquals(stateName(ComponentConfigurationDTO.SATISFIED),
                stateName(configuration(scr, dropTask, "droptask").state));
    }
}
