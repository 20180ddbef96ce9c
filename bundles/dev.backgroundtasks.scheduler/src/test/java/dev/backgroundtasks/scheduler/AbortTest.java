package dev.backgroundtasks.scheduler;

import static dev.backgroundtasks.scheduler.TaskPriority.USER_VISIBLE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

/** Abort signals and the abort steps of a task handle. */
class AbortTest {
    private final ManualEventLoop loop = EventLoop.manual();
    private final Scheduler scheduler = loop.scheduler();
    private final Recorder recorder = new Recorder();

    private static AbortException abortOfCancelled(CompletableFuture<?> future) {
        assertThrows(java.util.concurrent.CancellationException.class, future::join);
        return assertInstanceOf(AbortException.class, Recorder.failureOf(future));
    }

    @Test
    void anAlreadyAbortedSignalFailsAtOnceAndQueuesNothing() {
        AbortController controller = new AbortController();
        controller.abort("gone");
        CompletableFuture<String> future = recorder.post(scheduler, "never", controller.signal());
        assertEquals("gone", abortOfCancelled(future).reason(), "failed before the loop ran");
        loop.runUntilIdle();
        assertEquals(List.of(), recorder.entries());
    }

    @Test
    void abortBeforeRunningFailsAtOnceWithTheReasonAndTheCallbackNeverRuns() {
        AbortController controller = new AbortController();
        CompletableFuture<String> future = recorder.post(scheduler, "never", controller.signal());
        recorder.post(scheduler, "other", USER_VISIBLE);
        Object reason = new Object();
        controller.abort(reason);
        assertSame(reason, abortOfCancelled(future).reason(), "failed on the aborting thread, before the loop ran");
        loop.runUntilIdle();
        assertEquals(List.of("other"), recorder.entries());
    }

    @Test
    void abortWithoutAReasonMakesANewAbortExceptionItsOwnReason() {
        AbortController controller = new AbortController();
        CompletableFuture<String> future = recorder.post(scheduler, "never", controller.signal());
        controller.abort();
        AbortException reason = assertInstanceOf(AbortException.class, controller.signal().reason());
        assertSame(reason, reason.reason());
        assertSame(reason, abortOfCancelled(future));
        assertSame(reason, abortOfCancelled(future).reason());
    }

    @Test
    void abortDuringTheCallbackStillFailsTheFuture() {
        AbortController controller = new AbortController();
        CompletableFuture<String> future = scheduler.postTask(() -> {
            controller.abort("mid-flight");
            recorder.add("finished anyway");
            return "value";
        }, PostTaskOptions.defaults().signal(controller.signal()));
        loop.runUntilIdle();
        assertEquals(List.of("finished anyway"), recorder.entries());
        assertEquals("mid-flight", abortOfCancelled(future).reason());
    }

    @Test
    void abortAfterCompletionChangesNothing() throws Exception {
        AbortController controller = new AbortController();
        CompletableFuture<String> future = recorder.post(scheduler, "done", controller.signal());
        loop.runUntilIdle();
        controller.abort();
        assertEquals("done", future.get());
    }

    @Test
    void abortingADelayedTaskFailsItAtOnceAndItIsNeverQueued() {
        AbortController controller = new AbortController();
        CompletableFuture<Object> future = scheduler.postTask(() -> recorder.log.add("never"),
                PostTaskOptions.defaults().signal(controller.signal()).delay(10));
        loop.advance(5);
        controller.abort("late");
        assertEquals("late", abortOfCancelled(future).reason());
        loop.advance(20);
        assertEquals(List.of(), recorder.entries());
    }

    @Test
    void anAbortFromAnotherThreadFailsTheFutureOnThatThread() throws Exception {
        AbortController controller = new AbortController();
        CompletableFuture<String> future = recorder.post(scheduler, "never", controller.signal());
        Thread[] completedOn = new Thread[1];
        future.whenComplete((value, failure) -> completedOn[0] = Thread.currentThread());
        Thread aborter = new Thread(controller::abort, "aborter");
        aborter.start();
        aborter.join();
        assertSame(aborter, completedOn[0]);
        loop.runUntilIdle();
        assertEquals(List.of(), recorder.entries());
        abortOfCancelled(future);
    }

    @Test
    void listenersRunOnceAfterTheTasksFailed() {
        AbortController controller = new AbortController();
        CompletableFuture<String> future = recorder.post(scheduler, "never", controller.signal());
        controller.signal().addAbortListener(() -> recorder.add("listener saw failed=" + future.isCompletedExceptionally()));
        controller.signal().addAbortListener(() -> recorder.add("second listener"));
        controller.abort();
        controller.abort("again"); // a second abort is a no-op
        assertEquals(List.of("listener saw failed=true", "second listener"), recorder.entries());
        assertInstanceOf(AbortException.class, controller.signal().reason(), "the first reason stays");
    }

    @Test
    void aListenerAddedAfterTheAbortIsNeverCalled() {
        AbortSignal signal = AbortSignal.aborted("already");
        signal.addAbortListener(() -> recorder.add("never"));
        assertTrue(signal.isAborted());
        assertEquals("already", signal.reason());
        assertEquals(List.of(), recorder.entries());
        assertInstanceOf(AbortException.class, AbortSignal.aborted(null).reason());
    }

    @Test
    void aThrowingListenerGoesToTheUncaughtHandlerAndTheOthersStillRun() {
        AbortController controller = new AbortController();
        RuntimeException failure = new RuntimeException("listener");
        controller.signal().addAbortListener(() -> {
            throw failure;
        });
        controller.signal().addAbortListener(() -> recorder.add("second"));
        recorder.catchingUncaught(controller::abort);
        assertEquals(List.of("second"), recorder.entries());
        assertEquals(List.of(failure), recorder.uncaught);
    }

    @Test
    void aSignalIsNotAbortedUntilItIs() {
        AbortController controller = new AbortController();
        assertFalse(controller.signal().isAborted());
        assertNull(controller.signal().reason());
    }

    @Test
    void abortFailsAPendingYieldContinuation() {
        AbortController controller = new AbortController();
        CompletableFuture<?>[] continuation = new CompletableFuture<?>[1];
        scheduler.postTask(() -> {
            continuation[0] = scheduler.yield();
            controller.abort("stop");
            return null;
        }, PostTaskOptions.defaults().signal(controller.signal()));
        loop.runUntilIdle();
        assertEquals("stop", abortOfCancelled(continuation[0]).reason());
    }

    @Test
    void theSameSignalAbortsTasksOnSeveralLoops() {
        ManualEventLoop other = EventLoop.manual();
        AbortController controller = new AbortController();
        CompletableFuture<String> here = recorder.post(scheduler, "here", controller.signal());
        CompletableFuture<String> there = recorder.post(other.scheduler(), "there", controller.signal());
        controller.abort();
        loop.runUntilIdle();
        other.runUntilIdle();
        assertEquals(List.of(), recorder.entries());
        abortOfCancelled(here);
        abortOfCancelled(there);
    }
}
