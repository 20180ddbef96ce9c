package dev.backgroundtasks.testing.exam;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.ops4j.pax.exam.CoreOptions.options;

import java.nio.file.Path;
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
import org.osgi.framework.wiring.FrameworkWiring;

/**
 * Issue 14: the platform option's framework sees only the bundles given, never the test's class path.
 * The library the drop-in task imports is on this test's class path (a test dependency) but no bundle
 * of the framework: the task must not resolve, as it would not in an installation.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ClassPathIsolationIT {
    private static final Path DROPTASK = Path.of(System.getProperty("fixture.droptask"));

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
}
