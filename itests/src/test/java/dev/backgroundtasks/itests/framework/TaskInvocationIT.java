package dev.backgroundtasks.itests.framework;

import static org.junit.Assert.assertEquals;
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

import dev.backgroundtasks.itests.Fixtures;
import dev.backgroundtasks.testing.exam.BackgroundTasksOptions;
import dev.backgroundtasks.testing.framework.FrameworkTaskRun;

/**
 * A task called in the framework the way the launcher calls it: through its service, on an event
 * loop, with a TaskContext; the stage's value is the exit code (the kit's {@link FrameworkTaskRun}).
 * The task bundle and this probe wire to the API packages of the system bundle, so the context and
 * scheduler the kit builds are the types the task sees.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class TaskInvocationIT {
    @Inject
    private BundleContext context;

    @Configuration
    public Option[] config() {
        return options(BackgroundTasksOptions.platform(),
                BackgroundTasksOptions.taskBundle(Fixtures.testingTask("exitcode")),
                BackgroundTasksOptions.taskBundle(Fixtures.testingTask("scheduler")));
    }

    @Test
    public void exitcodeCompletesWithItsFirstArgument() throws Exception {
        assertEquals(42, FrameworkTaskRun.task("exitcode").args("42").run(context));
    }

    @Test
    public void schedulerRunsItsWorkInSpecificationOrderOnTheLoop() throws Exception {
        // 0 means user-blocking, user-visible, background, then idle; 11 another order
        assertEquals(0, FrameworkTaskRun.task("scheduler").run(context));
    }
}
