package dev.backgroundtasks.testing.exam;

import static org.junit.Assert.assertEquals;
import static org.ops4j.pax.exam.CoreOptions.options;

import java.nio.file.Path;

import javax.inject.Inject;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;

import dev.backgroundtasks.api.ExitCode;
import dev.backgroundtasks.testing.framework.FrameworkTaskRun;

/**
 * The task thread's context class loader in the pax-exam option is the launcher's: what the task
 * bundle sees, with the {@code META-INF/services} entries of the bundles it imports from. The H2 bundle is
 * given and the task imports {@code org.h2}, so {@code ServiceLoader.load(Driver.class)} finds H2's driver,
 * which a bare bundle class loader would not ({@link ClassPathIsolationIT}: not from the class path either).
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class TaskContextClassLoaderIT {
    private static final Path SERVICELOADER = Path.of(System.getProperty("fixture.serviceloader"));
    private static final Path H2 = Path.of(System.getProperty("library.h2"));

    @Inject
    private BundleContext context;

    @Configuration
    public Option[] config() {
        return options(BackgroundTasksOptions.platform(), BackgroundTasksOptions.bundles(H2),
                BackgroundTasksOptions.taskBundle(SERVICELOADER));
    }

    @Test
    public void serviceLoaderFindsTheDriverOfAnImportedBundle() throws Exception {
        assertEquals(ExitCode.SUCCESS, FrameworkTaskRun.task("jdbcdrivers").run(context));
    }
}
