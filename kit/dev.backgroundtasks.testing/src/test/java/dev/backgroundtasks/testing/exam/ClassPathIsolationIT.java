package dev.backgroundtasks.testing.exam;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.options;

import java.nio.file.Path;
import java.sql.Driver;
import java.util.List;
import java.util.ServiceLoader;

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
import org.osgi.framework.wiring.FrameworkWiring;

import dev.backgroundtasks.api.ExitCode;
import dev.backgroundtasks.testing.framework.FrameworkTaskRun;

/**
 * The platform option's framework sees only the bundles given, never the test's class path.
 * The library the drop-in task imports is on this test's class path (a test dependency) but no bundle
 * of the framework: the task must not resolve, as it would not in an installation. Likewise a task that
 * finds H2's JDBC driver through {@code ServiceLoader} on its context class loader must not find the H2 jar
 * of the test class path ({@link TaskContextClassLoaderIT} gives it the H2 bundle).
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ClassPathIsolationIT {
    private static final Path DROPTASK = Path.of(System.getProperty("fixture.droptask"));
    private static final Path SERVICELOADER = Path.of(System.getProperty("fixture.serviceloader"));

    @Inject
    private BundleContext context;

    @Configuration
    public Option[] config() {
        return options(BackgroundTasksOptions.platform());
    }

    @Test
    public void aTaskThatNeedsTheClassPathDoesNotResolve() throws Exception {
        assertNotNull("the library is on the test class path",
                ClassLoader.getSystemClassLoader().loadClass("dev.backgroundtasks.testing.fixture.library.Greeter"));
        Bundle task = context.installBundle(DROPTASK.toUri().toString());
        assertFalse(context.getBundle(0).adapt(FrameworkWiring.class).resolveBundles(List.of(task)));
        assertEquals(Bundle.INSTALLED, task.getState());
    }

    @Test
    public void aTaskThatFindsADriverOnlyOnTheClassPathFails() throws Exception {
        List<String> classPathDrivers = ServiceLoader.load(Driver.class, ClassLoader.getSystemClassLoader()).stream()
                .map(p -> p.type().getName()).toList();
        assertTrue("H2 is on the test class path: " + classPathDrivers, classPathDrivers.contains("org.h2.Driver"));
        Bundle task = context.installBundle(SERVICELOADER.toUri().toString());
        try {
            task.start();
            // ServiceLoader on the task thread's context class loader: the class path's H2 is not the task's
            assertEquals(ExitCode.FAILURE, FrameworkTaskRun.task("jdbcdrivers").run(context));
        } finally {
            task.uninstall();
        }
    }
}
