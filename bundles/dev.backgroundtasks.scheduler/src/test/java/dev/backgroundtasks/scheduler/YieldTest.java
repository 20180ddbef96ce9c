package dev.backgroundtasks.scheduler;

import static dev.backgroundtasks.scheduler.TaskPriority.BACKGROUND;
import static dev.backgroundtasks.scheduler.TaskPriority.USER_BLOCKING;
import static dev.backgroundtasks.scheduler.TaskPriority.USER_VISIBLE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

/** scheduler.yield(): continuations and the inherited scheduling state. */
class YieldTest {
    private final ManualEventLoop loop = EventLoop.manual();
    private final Scheduler scheduler = loop.scheduler();
    private final Recorder recorder = new Recorder();

    @Test
    void aContinuationRunsBeforeTheTasksOfItsPriority() {
        scheduler.postTask(() -> {
            recorder.post(scheduler, "uv task posted first", USER_VISIBLE);
            scheduler.yield().thenRun(() -> recorder.add("continuation"));
            return null;
        });
        loop.runUntilIdle();
        assertEquals(List.of("continuation", "uv task posted first"), recorder.entries());
    }

    @Test
    void aContinuationInheritsTheTasksPriority() {
        scheduler.postTask(() -> {
            recorder.post(scheduler, "bg task", BACKGROUND);
            recorder.post(scheduler, "uv task", USER_VISIBLE);
            scheduler.yield().thenRun(() -> recorder.add("bg continuation"));
            return null;
        }, PostTaskOptions.defaults().priority(BACKGROUND));
        loop.runUntilIdle();
        // background continuation: after user-visible tasks, before background tasks
        assertEquals(List.of("uv task", "bg continuation", "bg task"), recorder.entries());
    }

    @Test
    void aContinuationFollowsItsTaskSignalsPriority() {
        TaskController controller = new TaskController(BACKGROUND);
        scheduler.postTask(() -> {
            scheduler.yield().thenRun(() -> recorder.add("continuation"));
            recorder.post(scheduler, "ub task", USER_BLOCKING);
            recorder.post(scheduler, "uv task", USER_VISIBLE);
            controller.setPriority(USER_BLOCKING);
            return null;
        }, PostTaskOptions.defaults().signal(controller.signal()));
        loop.runUntilIdle();
        assertEquals(List.of("continuation", "ub task", "uv task"), recorder.entries());
    }

    @Test
    void aContinuationInheritsTheSignalAndAnAbortedOneFailsTheYieldAtOnce() {
        AbortController controller = new AbortController();
        CompletableFuture<?>[] yields = new CompletableFuture<?>[2];
        scheduler.postTask(() -> {
            yields[0] = scheduler.yield();
            controller.abort("aborted in the task");
            yields[1] = scheduler.yield();
            recorder.add("failed at once " + yields[1].isCompletedExceptionally());
            return null;
        }, PostTaskOptions.defaults().signal(controller.signal()));
        loop.runUntilIdle();
        assertEquals(List.of("failed at once true"), recorder.entries());
        for (CompletableFuture<?> future : yields) {
            AbortException e = (AbortException) Recorder.failureOf(future);
            assertEquals("aborted in the task", e.reason());
        }
    }

    @Test
    void outsideAnyTaskAContinuationIsUserVisibleAndUnabortable() {
        recorder.post(scheduler, "bg task", BACKGROUND);
        recorder.post(scheduler, "uv task", USER_VISIBLE);
        scheduler.yield().thenRun(() -> recorder.add("continuation from outside"));
        loop.runUntilIdle();
        assertEquals(List.of("continuation from outside", "uv task", "bg task"), recorder.entries());
    }

    @Test
    void inAPlainTaskOrTimerAContinuationIsUserVisibleAndUnabortable() {
        AbortController controller = new AbortController();
        scheduler.postTask(() -> {
            loop.execute(() -> {
                recorder.post(scheduler, "uv task", USER_VISIBLE);
                CompletableFuture<Void> continuation = scheduler.yield();
                controller.abort(); // the execute task did not inherit the posting task's signal
                continuation.thenRun(() -> recorder.add("from execute"));
            });
            return null;
        }, PostTaskOptions.defaults().priority(BACKGROUND).signal(controller.signal()));
        loop.schedule(() -> {
            recorder.post(scheduler, "uv task 2", USER_VISIBLE);
            scheduler.yield().thenRun(() -> recorder.add("from timer"));
        }, 5);
        loop.runUntilIdle();
        loop.advance(5);
        assertEquals(List.of("from execute", "uv task", "from timer", "uv task 2"), recorder.entries());
    }

    @Test
    void onAnotherThreadAContinuationDoesNotInheritTheRunningTasksState() {
        scheduler.postTask(() -> {
            CompletableFuture<?>[] fromOtherThread = new CompletableFuture<?>[1];
            Thread other = new Thread(() -> fromOtherThread[0] = scheduler.yield());
            other.start();
            other.join();
            fromOtherThread[0].thenRun(() -> recorder.add("other thread continuation"));
            recorder.post(scheduler, "uv task", USER_VISIBLE);
            return null;
        }, PostTaskOptions.defaults().priority(BACKGROUND));
        loop.runUntilIdle();
        // a background continuation would have come after the user-visible task
        assertEquals(List.of("other thread continuation", "uv task"), recorder.entries());
    }

    @Test
    void inAnIdleCallbackAContinuationIsBackground() {
        scheduler.requestIdleCallback(deadline -> {
            recorder.post(scheduler, "bg task", BACKGROUND);
            recorder.post(scheduler, "uv task", USER_VISIBLE);
            scheduler.yield().thenRun(() -> recorder.add("idle continuation"));
        });
        loop.runUntilIdle();
        assertEquals(List.of("uv task", "idle continuation", "bg task"), recorder.entries());
    }

    @Test
    void theCompletionOfAYieldRunsWithTheInheritedState() {
        AbortController controller = new AbortController();
        CompletableFuture<?>[] second = new CompletableFuture<?>[1];
        scheduler.postTask(() -> {
            scheduler.yield().thenRun(() -> {
                recorder.post(scheduler, "uv task", USER_VISIBLE);
                second[0] = scheduler.yield();
                second[0].thenRun(() -> recorder.add("second continuation"));
            });
            return null;
        }, PostTaskOptions.defaults().priority(BACKGROUND).signal(controller.signal()));
        loop.runUntilIdle();
        assertEquals(List.of("uv task", "second continuation"), recorder.entries(),
                "the second continuation is background too");
    }

    @Test
    void dependentsOfAPostTaskFutureSeeTheTasksState() {
        CompletableFuture<String> future = recorder.post(scheduler, "bg", BACKGROUND);
        future.thenRun(() -> {
            recorder.post(scheduler, "uv task", USER_VISIBLE);
            scheduler.yield().thenRun(() -> recorder.add("reaction continuation"));
        });
        loop.runUntilIdle();
        assertEquals(List.of("bg", "uv task", "reaction continuation"), recorder.entries());
    }

    @Test
    void userBlockingContinuationsComeFirst() {
        scheduler.postTask(() -> {
            recorder.post(scheduler, "ub task", USER_BLOCKING);
            scheduler.yield().thenRun(() -> recorder.add("ub continuation"));
            return null;
        }, PostTaskOptions.defaults().priority(USER_BLOCKING));
        loop.runUntilIdle();
        assertEquals(List.of("ub continuation", "ub task"), recorder.entries());
    }
}
