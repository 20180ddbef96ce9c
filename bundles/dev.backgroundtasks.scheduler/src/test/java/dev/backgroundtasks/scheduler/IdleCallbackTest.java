package dev.backgroundtasks.scheduler;

import static dev.backgroundtasks.scheduler.TaskPriority.BACKGROUND;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;

/** requestIdleCallback: idle periods, deadlines, timeouts and cancellation. */
class IdleCallbackTest {
    private final ManualEventLoop loop = EventLoop.manual();
    private final Scheduler scheduler = loop.scheduler();
    private final Recorder recorder = new Recorder();

    private IdleRequestCallback logging(String name) {
        return deadline -> recorder.add(name + " at " + loop.nowMillis() + " remaining " + deadline.timeRemaining()
                + (deadline.didTimeout() ? " timed out" : ""));
    }

    @Test
    void handlesAreOneTwoThree() {
        assertEquals(1, scheduler.requestIdleCallback(deadline -> { }));
        assertEquals(2, scheduler.requestIdleCallback(deadline -> { }, 10));
        assertEquals(3, scheduler.requestIdleCallback(deadline -> { }));
        assertEquals(1, EventLoop.manual().scheduler().requestIdleCallback(deadline -> { }), "per scheduler");
    }

    @Test
    void idleCallbacksRunOnlyWhenNothingElseIsRunnableInRequestOrder() {
        scheduler.requestIdleCallback(logging("idle1"));
        scheduler.requestIdleCallback(logging("idle2"));
        recorder.post(scheduler, "bg task", BACKGROUND);
        loop.execute(recorder.task("plain"));
        loop.runUntilIdle();
        assertEquals(List.of("plain", "bg task", "idle1 at 0 remaining 50.0", "idle2 at 0 remaining 50.0"),
                recorder.entries());
    }

    @Test
    void theDeadlineIsTheEarliestOf50MsAndThePendingTimersAndDelayedTasks() {
        loop.schedule(() -> { }, 30);
        scheduler.postTask(() -> null, PostTaskOptions.defaults().delay(20));
        scheduler.requestIdleCallback(logging("idle"));
        loop.runUntilIdle();
        assertEquals(List.of("idle at 0 remaining 20.0"), recorder.entries());
    }

    @Test
    void timeRemainingIsRecomputedAtEachCall() {
        scheduler.requestIdleCallback(deadline -> {
            recorder.add("start " + deadline.timeRemaining());
            loop.busy(5);
            recorder.add("after busy " + deadline.timeRemaining());
            loop.schedule(() -> { }, 10); // a timer scheduled now shortens the period
            recorder.add("after timer " + deadline.timeRemaining());
            loop.busy(20);
            recorder.add("past the deadline " + deadline.timeRemaining());
        });
        loop.runUntilIdle();
        assertEquals(List.of("start 50.0", "after busy 45.0", "after timer 10.0", "past the deadline 0.0"),
                recorder.entries());
    }

    @Test
    void callbacksRequestedDuringAPeriodWaitForTheNext() {
        scheduler.requestIdleCallback(deadline -> {
            recorder.add("first at " + loop.nowMillis());
            scheduler.requestIdleCallback(logging("requested in period"));
        });
        loop.runUntilIdle();
        assertEquals(List.of("first at 0"), recorder.entries(), "the next period starts no earlier than the deadline");
        loop.advance(49);
        assertEquals(1, recorder.entries().size());
        loop.advance(1);
        assertEquals(List.of("first at 0", "requested in period at 50 remaining 50.0"), recorder.entries());
    }

    @Test
    void aRepostingCallbackRunsOncePerPeriod() {
        int[] calls = new int[1];
        IdleRequestCallback[] again = new IdleRequestCallback[1];
        again[0] = deadline -> {
            calls[0]++;
            scheduler.requestIdleCallback(again[0]);
        };
        scheduler.requestIdleCallback(again[0]);
        loop.advance(200);
        assertEquals(5, calls[0], "at 0, 50, 100, 150 and 200");
    }

    @Test
    void theDeadlineIsCheckedBeforeEachCallbackAndLeftoversWaitForALaterPeriod() {
        loop.schedule(recorder.task("timer at 30"), 30);
        scheduler.requestIdleCallback(deadline -> {
            recorder.add("first");
            loop.busy(40);
        });
        scheduler.requestIdleCallback(logging("second"));
        loop.runUntilIdle();
        // the timer fell due during the first callback, ended the period and ran first; the second
        // callback got a new period
        assertEquals(List.of("first", "timer at 30", "second at 40 remaining 50.0"), recorder.entries());
    }

    @Test
    void aPeriodGoesOnAfterOtherWorkIfItsDeadlineHasNotPassed() {
        scheduler.requestIdleCallback(deadline -> {
            recorder.add("first");
            loop.execute(recorder.task("plain from idle"));
            loop.busy(10);
        });
        scheduler.requestIdleCallback(logging("second"));
        loop.runUntilIdle();
        assertEquals(List.of("first", "plain from idle", "second at 10 remaining 40.0"), recorder.entries());
    }

    @Test
    void aTimeoutRunsTheCallbackAsATaskWhileTheLoopIsBusy() {
        scheduler.requestIdleCallback(logging("idle"), 100);
        // a loop never idle: each task posts the next
        Runnable[] busyTask = new Runnable[1];
        busyTask[0] = () -> {
            loop.busy(10);
            if (loop.nowMillis() < 200) {
                loop.execute(busyTask[0]);
            }
        };
        loop.execute(busyTask[0]);
        loop.runUntilIdle();
        assertEquals(List.of("idle at 100 remaining 0.0 timed out"), recorder.entries());
        loop.advance(500);
        assertEquals(1, recorder.entries().size(), "each callback runs at most once");
    }

    @Test
    void aCallbackRunInAnIdlePeriodNeverTimesOutLater() {
        scheduler.requestIdleCallback(logging("idle"), 100);
        loop.advance(500);
        assertEquals(List.of("idle at 0 remaining 50.0"), recorder.entries());
    }

    @Test
    void timeoutsQueueInOrderOfRequestTimePlusTimeoutWithTimersAndPlainTasks() {
        scheduler.requestIdleCallback(logging("timeout 50"), 50);
        loop.schedule(recorder.task("timer 30"), 30);
        scheduler.requestIdleCallback(logging("timeout 20"), 20);
        loop.execute(() -> {
            loop.busy(100);
            loop.execute(recorder.task("plain after"));
        });
        loop.runUntilIdle();
        assertEquals(List.of("timeout 20 at 100 remaining 0.0 timed out", "timer 30",
                "timeout 50 at 100 remaining 0.0 timed out", "plain after"), recorder.entries());
    }

    @Test
    void cancelWorksOnPendingAndRunnableCallbacks() {
        int pending = scheduler.requestIdleCallback(logging("pending, cancelled"));
        scheduler.cancelIdleCallback(pending);
        int[] runnable = new int[1];
        scheduler.requestIdleCallback(deadline -> {
            recorder.add("first");
            scheduler.cancelIdleCallback(runnable[0]); // already in this period's runnable list
        });
        runnable[0] = scheduler.requestIdleCallback(logging("runnable, cancelled"), 10);
        scheduler.requestIdleCallback(logging("third"));
        scheduler.cancelIdleCallback(12345); // unknown: nothing happens
        loop.runUntilIdle();
        loop.advance(100);
        assertEquals(List.of("first", "third at 0 remaining 50.0"), recorder.entries());
    }

    @Test
    void cancelStopsATimedOutCallbackStillQueued() {
        int handle = scheduler.requestIdleCallback(logging("never"), 10);
        loop.execute(() -> {
            loop.busy(20); // the timeout fell due and is queued behind this task
            scheduler.cancelIdleCallback(handle);
        });
        loop.advance(100);
        assertEquals(List.of(), recorder.entries());
    }

    @Test
    void anExceptionIsReportedAndTheOtherCallbacksStillRun() {
        RuntimeException failure = new RuntimeException("idle");
        scheduler.requestIdleCallback(deadline -> {
            throw failure;
        });
        scheduler.requestIdleCallback(logging("second"));
        recorder.catchingUncaught(loop::runUntilIdle);
        assertEquals(List.of(failure), recorder.uncaught);
        assertEquals(List.of("second at 0 remaining 50.0"), recorder.entries());
    }

    @Test
    void aNegativeTimeoutIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> scheduler.requestIdleCallback(deadline -> { }, -1));
    }

    @Test
    void advanceStopsAtTheNextIdlePeriodAndTimeouts() {
        scheduler.requestIdleCallback(deadline -> loop.busy(60));
        scheduler.requestIdleCallback(logging("after long callback"));
        loop.schedule(recorder.task("timer at 70"), 70);
        loop.advance(10);
        assertEquals(List.of("after long callback at 60 remaining 10.0"), recorder.entries());
        assertEquals(60, loop.nowMillis(), "busy went past the end of advance");
        loop.advance(10);
        assertEquals(List.of("after long callback at 60 remaining 10.0", "timer at 70"), recorder.entries());
        assertEquals(70, loop.nowMillis());
    }
}
