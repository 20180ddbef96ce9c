package dev.backgroundtasks.testing.exam;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.composite;
import static org.ops4j.pax.exam.CoreOptions.options;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import javax.inject.Inject;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.wiring.BundleWiring;

import dev.backgroundtasks.api.BackgroundTask;
import dev.backgroundtasks.testing.framework.FrameworkTaskRun;

/**
 * An author's in-framework test: the platform option and the task bundles (here some of the platform's
 * test-only tasks) are all it needs. Offline: the failsafe configuration sets no pax-url property, the option does.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class PlatformOptionIT {
    /** The task bundles the tests run (the platform ships one bundle per test-only task), comma-separated. */
    private static final List<Path> TASKS = Arrays.stream(System.getProperty("fixture.testingTasks").split(","))
            .map(Path::of).toList();

    @Inject
    private BundleContext context;

    @Configuration
    public Option[] config() {
        return options(BackgroundTasksOptions.platform(),
                composite(TASKS.stream().map(BackgroundTasksOptions::taskBundle).toArray(Option[]::new)));
    }

    @Test
    public void aTaskRunsToItsExitCode() throws Exception {
        assertEquals(42, FrameworkTaskRun.task("exitcode").args("42").run(context));
        assertEquals(0, FrameworkTaskRun.task("success").run(context));
    }

    @Test
    public void theSchedulerRunsTheTasksWorkInOrder() throws Exception {
        assertEquals(0, FrameworkTaskRun.task("scheduler").run(context));
    }

    @Test
    public void anExceptionOfTheTaskReachesTheTest() {
        Exception e = assertThrows(Exception.class, () -> FrameworkTaskRun.task("exception").run(context));
        assertNotNull(e.getMessage());
    }

    @Test
    public void preferencesGoInAndComeOut() throws Exception {
        FrameworkTaskRun run = FrameworkTaskRun.task("not_ephemeral_profile").args("counter", "8").pref("counter", 7);
        assertEquals(7, run.run(context));
        assertEquals(8, run.preferences().get("counter"));
    }

    @Test
    public void theTaskAndThisTestShareTheSystemBundlesApi() throws Exception {
        ServiceReference<BackgroundTask> task = FrameworkTaskRun.awaitService(context, "success",
                FrameworkTaskRun.DEFAULT_TIMEOUT);
        Bundle tasks = task.getBundle();
        Bundle provider = tasks.adapt(BundleWiring.class).getRequiredWires("osgi.wiring.package").stream()
                .filter(w -> "dev.backgroundtasks.api".equals(w.getCapability().getAttributes().get("osgi.wiring.package")))
                .findFirst().orElseThrow().getProvider().getBundle();
        assertEquals(0, provider.getBundleId());
        assertTrue("SCR runs: " + Arrays.toString(context.getBundles()), Arrays.stream(context.getBundles())
                .anyMatch(b -> b.getSymbolicName().equals("org.apache.felix.scr") && b.getState() == Bundle.ACTIVE));
    }

    @Test
    public void everyBundleOfThePlatformResolvesAndStarts() {
        for (Bundle bundle : context.getBundles()) {
            // a fragment (the platform's SLF4J provider) cannot start: it is resolved, attached to its host
            int expected = bundle.getHeaders().get("Fragment-Host") != null ? Bundle.RESOLVED : Bundle.ACTIVE;
            assertEquals(bundle + " (state " + bundle.getState() + ")", expected, bundle.getState());
        }
    }
}
