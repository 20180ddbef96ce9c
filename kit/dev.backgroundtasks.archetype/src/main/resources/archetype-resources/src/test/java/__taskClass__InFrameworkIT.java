package ${package};

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.ops4j.pax.exam.CoreOptions.options;

import java.nio.file.Files;
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

import dev.backgroundtasks.testing.RuntimeBundles;
import dev.backgroundtasks.testing.exam.BackgroundTasksOptions;
import dev.backgroundtasks.testing.framework.FrameworkTaskRun;

/**
 * The task in an OSGi framework with the platform's bundles (SCR, the API from the system bundle), as the
 * launcher runs it: its component is satisfied, its service registered under its name, and called on an
 * event loop it returns its exit code.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ${taskClass}InFrameworkIT {
    private static final Path BUNDLE = Path.of(System.getProperty("task.bundle"));

    @Inject
    private BundleContext context;

    @Configuration
    public Option[] config() {
        return options(BackgroundTasksOptions.platform(),
                BackgroundTasksOptions.bundles(RuntimeBundles.list()), BackgroundTasksOptions.taskBundle(BUNDLE));
    }

    @Test
    public void theTaskRunsToSuccess() throws Exception {
        Path dir = Files.createTempDirectory("${taskName}");
        Files.writeString(dir.resolve("a.tmp"), "a");
        assertEquals(0, FrameworkTaskRun.task("${taskName}").args(dir.toString()).run(context));
        assertFalse(Files.exists(dir.resolve("a.tmp")));
        Files.delete(dir);
    }

    @Test
    public void moreThanOneArgumentIsAUsageError() throws Exception {
        assertEquals(${taskClass}.USAGE, FrameworkTaskRun.task("${taskName}").args("a", "b").run(context));
    }
}
