package dev.backgroundtasks.scheduler;

import static dev.backgroundtasks.scheduler.TaskPriority.BACKGROUND;
import static dev.backgroundtasks.scheduler.TaskPriority.USER_BLOCKING;
import static dev.backgroundtasks.scheduler.TaskPriority.USER_VISIBLE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import org.junit.jupiter.api.Test;

/** scheduler.postTask: priorities, enqueue order, delay, results ("schedule a postTask task"). */
class PostTaskTest {
    private final ManualEventLoop loop = EventLoop.manual();
    private final Scheduler scheduler = loop.scheduler();
    private final Recorder recorder = new Recorder();

    @Test
    void tasksRunInStrictPriorityOrderAndFifoWithinAPriority() {
        recorder.post(scheduler, "bg1", BACKGROUND);
        recorder.post(scheduler, "uv1", USER_VISIBLE);
        recorder.post(scheduler, "ub1", USER_BLOCKING);
        recorder.post(scheduler, "bg2", BACKGROUND);
        recorder.post(scheduler, "uv2", USER_VISIBLE);
        recorder.post(scheduler, "ub2", USER_BLOCKING);
        assertEquals(List.of(), recorder.entries(), "nothing runs before the loop does");
        loop.runUntilIdle();
        assertEquals(List.of("ub1", "ub2", "uv1", "uv2", "bg1", "bg2"), recorder.entries());
    }

    @Test
    void theDefaultPriorityIsUserVisible() {
        recorder.post(scheduler, "bg", BACKGROUND);
        scheduler.postTask(recorder.callable("default"));
        recorder.post(scheduler, "uv", USER_VISIBLE);
        recorder.post(scheduler, "ub", USER_BLOCKING);
        loop.runUntilIdle();
        assertEquals(List.of("ub", "default", "uv", "bg"), recorder.entries());
    }

    @Test
    void staticAndDynamicQueuesOfOnePriorityShareTheGlobalEnqueueOrder() {
        TaskController first = new TaskController(USER_VISIBLE);
        TaskController second = new TaskController(USER_VISIBLE);
        recorder.post(scheduler, "a-first", first.signal());
        recorder.post(scheduler, "b-static", USER_VISIBLE);
        recorder.post(scheduler, "c-second", second.signal());
        recorder.post(scheduler, "d-first", first.signal());
        recorder.post(scheduler, "e-plain-signal", new AbortController().signal());
        recorder.post(scheduler, "f-second", second.signal());
        loop.runUntilIdle();
        assertEquals(List.of("a-first", "b-static", "c-second", "d-first", "e-plain-signal", "f-second"),
                recorder.entries());
    }

    @Test
    void anExplicitPriorityBeatsTheSignalsAndNeverChanges() {
        TaskController controller = new TaskController(BACKGROUND);
        scheduler.postTask(recorder.callable("explicit-ub"),
                PostTaskOptions.defaults().signal(controller.signal()).priority(USER_BLOCKING));
        recorder.post(scheduler, "follows-signal", controller.signal());
        recorder.post(scheduler, "uv", USER_VISIBLE);
        controller.setPriority(BACKGROUND); // no change
        loop.runUntilIdle();
        assertEquals(List.of("explicit-ub", "uv", "follows-signal"), recorder.entries());
    }

    @Test
    void theFutureCompletesWithTheCallablesValueOnTheLoop() throws Exception {
        CompletableFuture<Integer> future = scheduler.postTask(() -> 42);
        assertFalse(future.isDone());
        loop.runUntilIdle();
        assertEquals(42, future.get());
    }

    @Test
    void theFutureFailsWithWhatTheCallableThrew() {
        IllegalStateException failure = new IllegalStateException("boom");
        CompletableFuture<Object> future = scheduler.postTask(() -> {
            throw failure;
        });
        recorder.post(scheduler, "next", USER_VISIBLE);
        loop.runUntilIdle();
        ExecutionException e = assertThrows(ExecutionException.class, future::get);
        assertSame(failure, e.getCause());
        assertEquals(List.of("next"), recorder.entries(), "the loop goes on");
    }

    @Test
    void aDelayedTaskWaitsForItsDelay() {
        scheduler.postTask(() -> recorder.log.add("delayed at " + loop.nowMillis()),
                PostTaskOptions.defaults().delay(10));
        loop.runUntilIdle();
        loop.advance(9);
        assertEquals(List.of(), recorder.entries());
        loop.advance(1);
        assertEquals(List.of("delayed at 10"), recorder.entries());
    }

    @Test
    void aDelayedTaskTakesItsEnqueueOrderWhenTheDelayExpires() {
        scheduler.postTask(recorder.callable("delayed"), PostTaskOptions.defaults().delay(10));
        scheduler.postTask(() -> {
            loop.busy(5);
            recorder.post(scheduler, "posted-at-5", USER_VISIBLE);
            loop.busy(10);
            recorder.post(scheduler, "posted-at-15", USER_VISIBLE);
            return null;
        });
        loop.runUntilIdle();
        assertEquals(List.of("posted-at-5", "delayed", "posted-at-15"), recorder.entries());
    }

    @Test
    void shorterDelaysExpireFirstAndEqualDelaysInPostingOrder() {
        scheduler.postTask(recorder.callable("20a"), PostTaskOptions.defaults().delay(20));
        scheduler.postTask(recorder.callable("10a"), PostTaskOptions.defaults().delay(10));
        scheduler.postTask(recorder.callable("20b"), PostTaskOptions.defaults().delay(20));
        scheduler.postTask(recorder.callable("10b"), PostTaskOptions.defaults().delay(10));
        // all four fall due during one busy task, so they queue in order of expiry
        loop.execute(() -> loop.busy(30));
        loop.runUntilIdle();
        assertEquals(List.of("10a", "10b", "20a", "20b"), recorder.entries());
    }

    @Test
    void aDelayedTaskTakesTheSignalsPriorityAtExpiry() {
        TaskController controller = new TaskController(BACKGROUND);
        recorder.post(scheduler, "delayed", controller.signal());
        scheduler.postTask(recorder.callable("delayed-signal"),
                PostTaskOptions.defaults().signal(controller.signal()).delay(5));
        loop.execute(() -> {
            recorder.post(scheduler, "uv", USER_VISIBLE);
            controller.setPriority(USER_BLOCKING);
            loop.busy(10);
        });
        loop.runUntilIdle();
        assertEquals(List.of("delayed", "delayed-signal", "uv"), recorder.entries());
    }

    @Test
    void aDelayOfZeroQueuesAtOnce() {
        scheduler.postTask(recorder.callable("a"), PostTaskOptions.defaults().delay(0));
        recorder.post(scheduler, "b", USER_VISIBLE);
        loop.runUntilIdle();
        assertEquals(List.of("a", "b"), recorder.entries());
    }

    @Test
    void eachLoopHasItsOwnScheduler() {
        ManualEventLoop other = EventLoop.manual();
        assertSame(scheduler, loop.scheduler());
        assertTrue(scheduler != other.scheduler());
        recorder.post(other.scheduler(), "other", USER_VISIBLE);
        loop.runUntilIdle();
        assertEquals(List.of(), recorder.entries());
        other.runUntilIdle();
        assertEquals(List.of("other"), recorder.entries());
    }

    @Test
    void postingFromManyThreadsLosesNothing() throws Exception {
        int threads = 4;
        int perThread = 2_000;
        Thread[] posters = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            int id = t;
            posters[t] = new Thread(() -> {
                for (int i = 0; i < perThread; i++) {
                    recorder.post(scheduler, id + ":" + i, TaskPriority.values()[i % 3]);
                }
            });
            posters[t].start();
        }
        for (Thread poster : posters) {
            poster.join();
        }
        loop.runUntilIdle();
        List<String> ran = recorder.entries();
        assertEquals(threads * perThread, ran.size());
        // each thread's tasks of one priority keep their order
        for (int t = 0; t < threads; t++) {
            int last = -1;
            for (String entry : ran) {
                if (entry.startsWith(t + ":")) {
                    int i = Integer.parseInt(entry.substring(entry.indexOf(':') + 1));
                    if (i % 3 == 0) {
                        assertTrue(i > last, "order kept for " + entry);
                        last = i;
                    }
                }
            }
        }
    }
}
