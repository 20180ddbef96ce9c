package dev.backgroundtasks.scheduler;

import static dev.backgroundtasks.scheduler.TaskPriority.BACKGROUND;
import static dev.backgroundtasks.scheduler.TaskPriority.USER_BLOCKING;
import static dev.backgroundtasks.scheduler.TaskPriority.USER_VISIBLE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/** TaskController.setPriority, "signal priority change", and TaskSignal.any. */
class TaskControllerTest {
    private final ManualEventLoop loop = EventLoop.manual();
    private final Scheduler scheduler = loop.scheduler();
    private final Recorder recorder = new Recorder();

    @Test
    void aControllerStartsUserVisibleOrAtTheGivenPriority() {
        assertEquals(USER_VISIBLE, new TaskController().signal().priority());
        assertEquals(BACKGROUND, new TaskController(BACKGROUND).signal().priority());
        assertThrows(NullPointerException.class, () -> new TaskController(null));
        assertThrows(NullPointerException.class, () -> new TaskController().setPriority(null));
    }

    @Test
    void setPriorityMovesPendingTasksKeepingTheirAge() {
        TaskController controller = new TaskController(BACKGROUND);
        recorder.post(scheduler, "uv1", USER_VISIBLE);
        recorder.post(scheduler, "c1", controller.signal());
        recorder.post(scheduler, "uv2", USER_VISIBLE);
        recorder.post(scheduler, "c2", controller.signal());
        recorder.post(scheduler, "bg", BACKGROUND);
        controller.setPriority(USER_VISIBLE);
        loop.runUntilIdle();
        // the moved tasks interleave by age with those already at user-visible, not at the back
        assertEquals(List.of("uv1", "c1", "uv2", "c2", "bg"), recorder.entries());
    }

    @Test
    void setPriorityUpAndDownWhileTheLoopRuns() {
        TaskController controller = new TaskController(USER_VISIBLE);
        recorder.post(scheduler, "c1", controller.signal());
        recorder.post(scheduler, "c2", controller.signal());
        recorder.post(scheduler, "bg", BACKGROUND);
        recorder.post(scheduler, "uv", USER_VISIBLE);
        scheduler.postTask(() -> {
            controller.setPriority(BACKGROUND);
            return null;
        }, PostTaskOptions.defaults().priority(USER_BLOCKING));
        loop.runUntilIdle();
        assertEquals(List.of("uv", "c1", "c2", "bg"), recorder.entries());
    }

    @Test
    void prioritychangeFiresSynchronouslyWithThePreviousPriority() {
        TaskController controller = new TaskController(BACKGROUND);
        List<TaskPriorityChangeEvent> events = new ArrayList<>();
        controller.signal().addPriorityChangeListener(events::add);
        controller.signal().addPriorityChangeListener(
                event -> recorder.add("now " + event.target().priority() + " was " + event.previousPriority()));
        controller.setPriority(USER_BLOCKING);
        assertEquals(1, events.size(), "dispatched inside setPriority");
        assertSame(controller.signal(), events.get(0).target());
        assertEquals(BACKGROUND, events.get(0).previousPriority());
        assertEquals(List.of("now user-blocking was background"), recorder.entries());
    }

    @Test
    void theSamePriorityIsANoOpWithoutEvent() {
        TaskController controller = new TaskController(USER_VISIBLE);
        controller.signal().addPriorityChangeListener(event -> recorder.add("event"));
        controller.setPriority(USER_VISIBLE);
        assertEquals(List.of(), recorder.entries());
    }

    @Test
    void setPriorityDuringItsOwnDispatchThrows() {
        TaskController controller = new TaskController(USER_VISIBLE);
        controller.signal().addPriorityChangeListener(event -> {
            // even the same priority: the "priority changing" check comes first
            for (TaskPriority priority : TaskPriority.values()) {
                try {
                    controller.setPriority(priority);
                    recorder.add("allowed " + priority);
                } catch (IllegalStateException e) {
                    recorder.add("refused " + priority);
                }
            }
        });
        controller.setPriority(BACKGROUND);
        assertEquals(List.of("refused user-blocking", "refused user-visible", "refused background"),
                recorder.entries());
        assertEquals(BACKGROUND, controller.signal().priority());
        controller.setPriority(USER_BLOCKING); // allowed again once the dispatch ended
        assertEquals(USER_BLOCKING, controller.signal().priority());
    }

    @Test
    void setPriorityOnTheSourceFromADependentsListenerThrows() {
        TaskController controller = new TaskController(USER_VISIBLE);
        TaskSignal dependent = TaskSignal.any(List.of(), controller.signal());
        dependent.addPriorityChangeListener(event -> {
            try {
                controller.setPriority(USER_BLOCKING);
            } catch (IllegalStateException e) {
                recorder.add("refused");
            }
        });
        controller.setPriority(BACKGROUND);
        assertEquals(List.of("refused"), recorder.entries());
        assertEquals(BACKGROUND, dependent.priority());
    }

    @Test
    void callsFromOtherThreadsWaitForTheDispatchInsteadOfThrowing() throws Exception {
        TaskController controller = new TaskController(USER_VISIBLE);
        CountDownLatch inListener = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        controller.signal().addPriorityChangeListener(event -> {
            if (event.previousPriority() == USER_VISIBLE) {
                inListener.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        });
        Thread first = new Thread(() -> controller.setPriority(BACKGROUND));
        first.start();
        assertTrue(inListener.await(10, TimeUnit.SECONDS));
        Throwable[] thrown = new Throwable[1];
        Thread second = new Thread(() -> {
            try {
                controller.setPriority(USER_BLOCKING);
            } catch (Throwable e) {
                thrown[0] = e;
            }
        });
        second.start();
        release.countDown();
        first.join();
        second.join();
        assertEquals(null, thrown[0]);
        assertEquals(USER_BLOCKING, controller.signal().priority());
    }

    @Test
    void aThrowingPriorityListenerGoesToTheUncaughtHandler() {
        TaskController controller = new TaskController();
        RuntimeException failure = new RuntimeException("listener");
        controller.signal().addPriorityChangeListener(event -> {
            throw failure;
        });
        controller.signal().addPriorityChangeListener(event -> recorder.add("second"));
        recorder.catchingUncaught(() -> controller.setPriority(BACKGROUND));
        assertEquals(List.of("second"), recorder.entries());
        assertEquals(List.of(failure), recorder.uncaught);
    }

    @Test
    void aTaskControllerAlsoAborts() {
        TaskController controller = new TaskController(BACKGROUND);
        var future = recorder.post(scheduler, "never", controller.signal());
        controller.abort("no");
        loop.runUntilIdle();
        assertEquals(List.of(), recorder.entries());
        assertTrue(future.isCompletedExceptionally());
    }

    // ---------------------------------------------------------------- TaskSignal.any

    @Test
    void anyWithAPriorityHasThatFixedPriorityAndAbortsWithItsSources() {
        AbortController first = new AbortController();
        TaskController second = new TaskController(BACKGROUND);
        TaskSignal any = TaskSignal.any(List.of(first.signal(), second.signal()), USER_BLOCKING);
        assertEquals(USER_BLOCKING, any.priority());
        recorder.post(scheduler, "uv", USER_VISIBLE);
        var future = recorder.post(scheduler, "any", any);
        second.setPriority(USER_VISIBLE); // priority comes from the init only
        assertEquals(USER_BLOCKING, any.priority());
        loop.runUntilIdle();
        assertEquals(List.of("any", "uv"), recorder.entries());
        assertTrue(future.isDone());

        TaskSignal another = TaskSignal.any(List.of(first.signal(), second.signal()), BACKGROUND);
        second.abort("second went");
        assertTrue(another.isAborted());
        assertEquals("second went", another.reason());
    }

    @Test
    void anyFollowsThePriorityOfItsSourceAndMovesItsTasks() {
        TaskController source = new TaskController(BACKGROUND);
        TaskSignal any = TaskSignal.any(List.of(), source.signal());
        List<TaskPriorityChangeEvent> events = new ArrayList<>();
        any.addPriorityChangeListener(events::add);
        recorder.post(scheduler, "uv", USER_VISIBLE);
        recorder.post(scheduler, "follows", any);
        source.setPriority(USER_BLOCKING);
        assertEquals(USER_BLOCKING, any.priority());
        assertEquals(1, events.size());
        assertEquals(BACKGROUND, events.get(0).previousPriority());
        assertSame(any, events.get(0).target());
        loop.runUntilIdle();
        assertEquals(List.of("follows", "uv"), recorder.entries());
    }

    @Test
    void abortAndPriorityAreSeparateDependencies() {
        TaskController prioritySource = new TaskController(BACKGROUND);
        AbortController abortSource = new AbortController();
        TaskSignal any = TaskSignal.any(List.of(abortSource.signal()), prioritySource.signal());
        prioritySource.abort();
        assertTrue(!any.isAborted(), "aborting the priority source alone does not abort");
        abortSource.abort("abort source");
        assertTrue(any.isAborted());
        assertEquals("abort source", any.reason());
    }

    @Test
    void anyOfAnAlreadyAbortedSignalIsAbortedAtOnce() {
        AbortSignal aborted = AbortSignal.aborted("early");
        TaskSignal any = TaskSignal.any(List.of(new AbortController().signal(), aborted), USER_VISIBLE);
        assertTrue(any.isAborted());
        assertEquals("early", any.reason());
    }

    @Test
    void chainsOfDependentSignalsAreFlattenedToTheirRoot() {
        TaskController root = new TaskController(BACKGROUND);
        AbortController abortRoot = new AbortController();
        TaskSignal middle = TaskSignal.any(List.of(abortRoot.signal()), root.signal());
        TaskSignal leaf = TaskSignal.any(List.of(middle), middle);
        root.setPriority(USER_BLOCKING);
        assertEquals(USER_BLOCKING, middle.priority());
        assertEquals(USER_BLOCKING, leaf.priority());
        abortRoot.abort("root");
        assertTrue(leaf.isAborted());
        assertEquals("root", leaf.reason());
    }

    @Test
    void anyOfAFixedPrioritySignalIsFixedToo() {
        TaskSignal fixed = TaskSignal.any(List.of(), BACKGROUND);
        TaskSignal any = TaskSignal.any(List.of(), fixed);
        assertEquals(BACKGROUND, any.priority());
        recorder.post(scheduler, "any", any);
        recorder.post(scheduler, "uv", USER_VISIBLE);
        loop.runUntilIdle();
        assertEquals(List.of("uv", "any"), recorder.entries());
    }
}
