package dev.backgroundtasks.itests.framework;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import javax.inject.Inject;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;
import org.osgi.util.tracker.ServiceTracker;

import dev.backgroundtasks.api.BackgroundTask;
import dev.backgroundtasks.api.TaskContext;
import dev.backgroundtasks.scheduler.EventLoop;
import dev.backgroundtasks.testing.unit.TestTaskContext;

/**
 * A task called in the framework the way the launcher calls it: through its service, on an event
 * loop, with a TaskContext; the stage's value is the exit code. The task bundle and this probe wire
 * to the API packages of the system bundle, so the context and scheduler built here are the types
 * the task sees.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class TaskInvocationIT {
    @Inject
    private BundleContext context;

    @Configuration
    public Option[] config() {
        return Platform.with(Platform.reactorBundle(Platform.TESTING_TASKS));
    }

    @Test
    public void exitcodeCompletesWithItsFirstArgument() throws Exception {
        assertEquals(Integer.valueOf(42), run("exitcode", List.of("42")));
    }

    @Test
    public void schedulerRunsItsWorkInSpecificationOrderOnTheLoop() throws Exception {
        // 0 means user-blocking, user-visible, background, then idle; 11 another order
        assertEquals(Integer.valueOf(0), run("scheduler", List.of()));
    }

    /** Runs the task on a fresh event loop, as the launcher does, and waits for its stage. */
    private Integer run(String name, List<String> arguments) throws Exception {
        ServiceTracker<BackgroundTask, BackgroundTask> tracker =
                new ServiceTracker<>(context, TaskServices.taskFilter(name), null);
        tracker.open();
        try (EventLoop loop = EventLoop.start("task " + name)) {
            BackgroundTask task = tracker.waitForService(TaskServices.TIMEOUT_MS);
            assertNotNull("no task " + name, task);
            TaskContext taskContext = new TestTaskContext(name, arguments).scheduler(loop.scheduler());
            CompletableFuture<Integer> exit = new CompletableFuture<>();
            loop.execute(() -> {
                try {
                    task.run(taskContext).whenComplete((code, failure) -> {
                        if (failure != null) {
                            exit.completeExceptionally(failure);
                        } else {
                            exit.complete(code);
                        }
                    });
                } catch (Exception | Error e) {
                    exit.completeExceptionally(e);
                }
            });
            return exit.get(TaskServices.TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } finally {
            tracker.close();
        }
    }
}
