package dev.backgroundtasks.itests.framework;

import static dev.backgroundtasks.itests.framework.TaskComponents.awaitConfiguration;
import static dev.backgroundtasks.itests.framework.TaskComponents.configuration;
import static dev.backgroundtasks.itests.framework.TaskComponents.description;
import static dev.backgroundtasks.itests.framework.TaskComponents.stateName;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.options;

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
import dev.backgroundtasks.itests.Fixtures;
import dev.backgroundtasks.testing.exam.BackgroundTasksOptions;
import dev.backgroundtasks.testing.framework.FrameworkTaskRun;

/**
 * A third-party task dropped in with the library it needs (the fixtures): the task waits for the
 * library's Greeter service and is registered once the library runs. The library's package alone only
 * lets the task bundle resolve; its service is what satisfies the component.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class DropInTaskIT {
    private static final String GREETER = "dev.backgroundtasks.testing.fixture.library.Greeter";
    private static final String LIBRARY = "dev.backgroundtasks.testing.fixture.library";
    private static final String DROPTASK = "dev.backgroundtasks.testing.fixture.droptask";

    @Inject
    private BundleContext context;

    @Inject
    private ServiceComponentRuntime scr;

    private Bundle library;
    private Bundle dropTask;

    @Configuration
    public Option[] config() {
        return options(BackgroundTasksOptions.platform()); // the fixtures are installed by each test
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
        assertTrue("packages refreshed", refreshed.await(FrameworkTaskRun.DEFAULT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
    }

    /** The fixture the build just made, as a location to install from. */
    private static String location(String artifactId) {
        return Fixtures.fixture(artifactId).toUri().toString();
    }

    @Test
    public void withoutTheLibraryTheTaskBundleDoesNotResolve() throws Exception {
        dropTask = context.installBundle(location(DROPTASK));

        BundleException failure = assertThrows(BundleException.class, dropTask::start);
        assertEquals(BundleException.RESOLVE_ERROR, failure.getType());
        assertTrue(failure.getMessage(), failure.getMessage().contains("dev.backgroundtasks.testing.fixture.library"));
        assertTrue("components of an unresolved bundle", scr.getComponentDescriptionDTOs(dropTask).isEmpty());
    }

    @Test
    public void theTaskWaitsForTheLibraryServiceAndRegistersOnceTheLibraryStarts() throws Exception {
        // installed, not started: its package is there, its Greeter component is not
        library = context.installBundle(location(LIBRARY));
        dropTask = context.installBundle(location(DROPTASK));
        dropTask.start();

        ComponentConfigurationDTO waiting = awaitConfiguration(context, scr, dropTask, "droptask",
                c -> c.state == ComponentConfigurationDTO.UNSATISFIED_REFERENCE, "UNSATISFIED_REFERENCE");
        assertEquals(1, waiting.unsatisfiedReferences.length);
        ComponentDescriptionDTO description = description(scr, dropTask, "droptask");
        ReferenceDTO greeter = Arrays.stream(description.references)
                .filter(r -> r.name.equals(waiting.unsatisfiedReferences[0].name))
                .findFirst().orElseThrow();
        assertEquals(GREETER, greeter.interfaceName);
        assertTrue("droptask registered without its Greeter",
                context.getServiceReferences(BackgroundTask.class, "(" + TaskComponents.NAME + "=droptask)").isEmpty());

        library.start();

        ServiceReference<BackgroundTask> task = FrameworkTaskRun.awaitService(context, "droptask",
                FrameworkTaskRun.DEFAULT_TIMEOUT);
        assertEquals(dropTask, task.getBundle());
        assertEquals(stateName(ComponentConfigurationDTO.SATISFIED),
                stateName(configuration(scr, dropTask, "droptask").state));
    }
}
