package dev.backgroundtasks.scheduler;

import static dev.backgroundtasks.scheduler.TaskPriority.BACKGROUND;
import static dev.backgroundtasks.scheduler.TaskPriority.USER_BLOCKING;
import static dev.backgroundtasks.scheduler.TaskPriority.USER_VISIBLE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;

import org.junit.jupiter.api.Test;

/** The loop itself: plain tasks, timers, exceptions, closing, and the manual loop's clock. */
class ManualEventLoopTest {
    private final ManualEventLoop loop = EventLoop.manual();
    private final Scheduler scheduler = loop.scheduler();
    private final Recorder recorder = new Recorder();

    @Test
    void plainTasksRankAsUserVisibleTasksInTheGlobalEnqueueOrder() {
        recorder.post(scheduler, "bg", BACKGROUND);
        loop.execute(recorder.task("plain1"));
        recorder.post(scheduler, "uv", USER_VISIBLE);
        loop.execute(recorder.task("plain2"));
        recorder.post(scheduler, "ub", USER_BLOCKING);
        loop.runUntilIdle();
        assertEquals(List.of("ub", "plain1", "uv", "plain2", "bg"), recorder.entries());
    }

    @Test
    void plainTasksComeAfterUserVisibleContinuations() {
        loop.execute(() -> {
            loop.execute(recorder.task("plain"));
            scheduler.yield().thenRun(() -> recorder.add("uv continuation"));
        });
        loop.runUntilIdle();
        assertEquals(List.of("uv continuation", "plain"), recorder.entries());
    }

    @Test
    void timersRunByDueTimeAndEqualOnesInSchedulingOrder() {
        loop.schedule(recorder.task("20a"), 20);
        loop.schedule(recorder.task("10"), 10);
        loop.schedule(recorder.task("20b"), 20);
        loop.schedule(recorder.task("0"), 0);
        loop.schedule(recorder.task("negative is 0"), -5);
        loop.runUntilIdle();
        assertEquals(List.of("0", "negative is 0"), recorder.entries(), "runUntilIdle never moves the clock");
        loop.advance(30);
        assertEquals(List.of("0", "negative is 0", "10", "20a", "20b"), recorder.entries());
    }

    @Test
    void dueTimersRankAsUserVisibleTasks() {
        loop.schedule(recorder.task("timer"), 5);
        loop.execute(() -> {
            recorder.post(scheduler, "bg", BACKGROUND);
            loop.busy(10);
            recorder.post(scheduler, "uv after", USER_VISIBLE);
            recorder.post(scheduler, "ub after", USER_BLOCKING);
        });
        loop.runUntilIdle();
        assertEquals(List.of("ub after", "timer", "uv after", "bg"), recorder.entries());
    }

    @Test
    void aCancelledTimerNeverRuns() {
        Cancellable timer = loop.schedule(recorder.task("never"), 10);
        Cancellable ran = loop.schedule(recorder.task("ran"), 5);
        assertTrue(timer.cancel());
        assertFalse(timer.cancel(), "only the first cancel stops it");
        loop.advance(20);
        assertEquals(List.of("ran"), recorder.entries());
        assertFalse(ran.cancel(), "too late");
    }

    @Test
    void aTimerCancelledAfterFallingDueButBeforeRunningNeverRuns() {
        Cancellable[] timer = new Cancellable[1];
        timer[0] = loop.schedule(recorder.task("never"), 5);
        loop.execute(() -> {
            loop.busy(10);
            assertTrue(timer[0].cancel());
        });
        loop.advance(20);
        assertEquals(List.of(), recorder.entries());
    }

    @Test
    void exceptionsOfPlainTasksAndTimersGoToTheDrivingThreadsHandler() {
        RuntimeException plainFailure = new RuntimeException("plain");
        Error timerFailure = new AssertionError("timer");
        loop.execute(() -> {
            throw plainFailure;
        });
        loop.schedule(() -> {
            throw timerFailure;
        }, 1);
        loop.execute(recorder.task("the loop goes on"));
        recorder.catchingUncaught(() -> loop.advance(5));
        assertEquals(List.of(plainFailure, timerFailure), recorder.uncaught);
        assertEquals(List.of("the loop goes on"), recorder.entries());
    }

    @Test
    void busyMakesTimersDueMeanwhileRunnableAtTheirDueTime() {
        loop.schedule(recorder.task("timer at 5"), 5);
        loop.execute(() -> {
            loop.execute(recorder.task("posted at 0"));
            loop.busy(10);
            loop.execute(recorder.task("posted at 10"));
            recorder.add("now " + loop.nowMillis());
        });
        loop.runUntilIdle();
        assertEquals(List.of("now 10", "posted at 0", "timer at 5", "posted at 10"), recorder.entries());
        assertEquals(10, loop.nowMillis());
    }

    @Test
    void advanceMovesOneDueMomentAtATime() {
        loop.schedule(() -> {
            recorder.add("at " + loop.nowMillis());
            loop.schedule(() -> recorder.add("chained at " + loop.nowMillis()), 5);
        }, 10);
        loop.schedule(() -> recorder.add("at " + loop.nowMillis()), 20);
        loop.advance(30);
        assertEquals(List.of("at 10", "chained at 15", "at 20"), recorder.entries());
        assertEquals(30, loop.nowMillis());
    }

    @Test
    void advanceEndsLaterWhenABusyWentPastIt() {
        loop.schedule(() -> loop.busy(50), 10);
        loop.advance(20);
        assertEquals(60, loop.nowMillis());
    }

    @Test
    void busyOutsideRunningWorkIsRefused() throws Exception {
        assertThrows(IllegalStateException.class, () -> loop.busy(1));
        Throwable[] fromOtherThread = new Throwable[1];
        loop.execute(() -> {
            Thread other = new Thread(() -> {
                try {
                    loop.busy(1);
                } catch (Throwable e) {
                    fromOtherThread[0] = e;
                }
            });
            other.start();
            try {
                other.join();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            assertThrows(IllegalArgumentException.class, () -> loop.busy(-1));
            recorder.add("negative refused");
        });
        loop.runUntilIdle();
        assertEquals(List.of("negative refused"), recorder.entries());
        assertInstanceOf(IllegalStateException.class, fromOtherThread[0]);
        assertEquals(0, loop.nowMillis());
    }

    @Test
    void reentrantDrivingIsRefused() {
        loop.execute(() -> {
            assertThrows(IllegalStateException.class, loop::runUntilIdle);
            assertThrows(IllegalStateException.class, () -> loop.advance(1));
            recorder.add("refused");
        });
        loop.runUntilIdle();
        assertEquals(List.of("refused"), recorder.entries());
        assertThrows(IllegalArgumentException.class, () -> loop.advance(-1));
    }

    @Test
    void currentIsTheLoopOnlyWhileItRunsWork() {
        assertEquals(Optional.empty(), EventLoop.current());
        Optional<?>[] inside = new Optional<?>[1];
        loop.execute(() -> inside[0] = EventLoop.current());
        loop.runUntilIdle();
        assertEquals(Optional.of(loop), inside[0]);
        assertEquals(Optional.empty(), EventLoop.current());
    }

    @Test
    void closedLoopsRunNothingAndRefuseNewWork() {
        CompletableFuture<String> pending = recorder.post(scheduler, "never", USER_VISIBLE);
        AbortController controller = new AbortController();
        CompletableFuture<String> abortable = recorder.post(scheduler, "never either", controller.signal());
        loop.schedule(recorder.task("timer never"), 5);
        scheduler.requestIdleCallback(deadline -> recorder.add("idle never"));
        loop.close();
        loop.close(); // a second close does nothing
        controller.abort();
        loop.runUntilIdle();
        loop.advance(100);
        assertEquals(List.of(), recorder.entries());
        assertFalse(pending.isDone(), "pending futures stay incomplete");
        assertFalse(abortable.isDone(), "even when their signal aborts afterwards");

        assertThrows(RejectedExecutionException.class, () -> loop.execute(() -> { }));
        assertThrows(RejectedExecutionException.class, () -> loop.schedule(() -> { }, 1));
        CompletionException posted = assertThrows(CompletionException.class, () -> scheduler.postTask(() -> 1).join());
        assertInstanceOf(RejectedExecutionException.class, posted.getCause());
        CompletionException yielded = assertThrows(CompletionException.class, () -> scheduler.yield().join());
        assertInstanceOf(RejectedExecutionException.class, yielded.getCause());
        scheduler.requestIdleCallback(deadline -> recorder.add("idle never"));
        loop.advance(100);
        assertEquals(List.of(), recorder.entries());
    }

    @Test
    void closingFromInsideATaskStopsTheRestAfterIt() {
        loop.execute(() -> {
            recorder.add("closing");
            loop.close();
            recorder.add("still finishing");
        });
        loop.execute(recorder.task("never"));
        loop.runUntilIdle();
        assertEquals(List.of("closing", "still finishing"), recorder.entries());
    }

    @Test
    void theFutureIsTheCallersToObserve() {
        CompletableFuture<String> future = recorder.post(scheduler, "runs anyway", USER_VISIBLE);
        future.cancel(true);
        loop.runUntilIdle();
        assertEquals(List.of("runs anyway"), recorder.entries(), "cancelling the future does not dequeue the task");
        assertTrue(future.isCancelled());
    }

    @Test
    void workPostedFromAnotherThreadRunsOnTheDrivingThread() throws Exception {
        Thread[] ranOn = new Thread[1];
        Thread poster = new Thread(() -> scheduler.postTask(() -> ranOn[0] = Thread.currentThread()));
        poster.start();
        poster.join();
        loop.runUntilIdle();
        assertSame(Thread.currentThread(), ranOn[0]);
    }
}
