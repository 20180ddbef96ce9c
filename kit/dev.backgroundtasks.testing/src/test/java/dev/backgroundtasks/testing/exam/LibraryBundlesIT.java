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

import dev.backgroundtasks.testing.framework.FrameworkTaskRun;

/** Library bundles (docs/writing-tasks.md, "Libraries and dropping in") handed to the pax-exam option beside the task bundle. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class LibraryBundlesIT {
    private static final Path DROPTASK = Path.of(System.getProperty("fixture.droptask"));
    private static final Path LIBRARY = Path.of(System.getProperty("fixture.library"));

    @Inject
    private BundleContext context;

    @Configuration
    public Option[] config() {
        return options(BackgroundTasksOptions.platform(), BackgroundTasksOptions.bundles(LIBRARY),
                BackgroundTasksOptions.taskBundle(DROPTASK));
    }

    @Test
    public void aTaskRunsWithTheLibraryBundleGiven() throws Exception {
        assertEquals(42, FrameworkTaskRun.task("droptask").run(context));
    }
}
