package dev.backgroundtasks.scheduler;

import static dev.backgroundtasks.scheduler.TaskPriority.BACKGROUND;
import static dev.backgroundtasks.scheduler.TaskPriority.USER_BLOCKING;
import static dev.backgroundtasks.scheduler.TaskPriority.USER_VISIBLE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The real-time loop, with only generous time bounds. */
class RealTimeEventLoopTest {
    private final EventLoop loop = EventLoop.start("test-loop");
    private final Recorder recorder = new Recorder();

    @AfterEach
    void close() {
        loop.close();
    }

    /** Blocks the loop until the returned latch opens, so that work queues up behind it. */
    private CountDownLatch blockLoop() throws InterruptedException {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch blocked = new CountDownLatch(1);
        loop.execute(() -> {
            blocked.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        assertTrue(blocked.await(10, TimeUnit.SECONDS));
        return release;
    }

    @Test
    void runsOnItsOwnDaemonThreadWhereCurrentIsTheLoop() throws Exception {
        AtomicReference<Thread> thread = new AtomicReference<>();
        AtomicReference<Optional<EventLoop>> current = new AtomicReference<>();
        loop.scheduler().postTask(() -> {
            thread.set(Thread.currentThread());
            current.set(EventLoop.current());
            return null;
        }).get(10, TimeUnit.SECONDS);
        assertEquals("test-loop", thread.get().getName());
        assertTrue(thread.get().isDaemon());
        assertEquals(Optional.of(loop), current.get());
        assertEquals(Optional.empty(), EventLoop.current());
    }

    @Test
    void queuedWorkRunsInPriorityOrder() throws Exception {
        CountDownLatch release = blockLoop();
        Scheduler scheduler = loop.scheduler();
        recorder.post(scheduler, "bg", BACKGROUND);
        loop.execute(recorder.task("plain"));
        scheduler.requestIdleCallback(deadline -> recorder.add("idle"));
        recorder.post(scheduler, "uv", USER_VISIBLE);
        CompletableFuture<String> last = recorder.post(scheduler, "ub", USER_BLOCKING);
        CompletableFuture<Void> idleDone = new CompletableFuture<>();
        scheduler.requestIdleCallback(deadline -> idleDone.complete(null));
        release.countDown();
        last.get(10, TimeUnit.SECONDS);
        idleDone.get(10, TimeUnit.SECONDS);
        assertEquals(List.of("ub", "plain", "uv", "bg", "idle"), recorder.entries());
    }

    @Test
    void aTimerWaitsAtLeastItsDelay() throws Exception {
        long start = System.nanoTime();
        CompletableFuture<Long> fired = new CompletableFuture<>();
        loop.schedule(() -> fired.complete(System.nanoTime()), 100);
        long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(fired.get(10, TimeUnit.SECONDS) - start);
        assertTrue(elapsedMillis >= 100, "fired after " + elapsedMillis + " ms");
    }

    @Test
    void aDelayedTaskWaitsAtLeastItsDelayAndTheClockMovesOn() throws Exception {
        long posted = loop.nowMillis();
        long ranAt = loop.scheduler().postTask(loop::nowMillis, PostTaskOptions.defaults().delay(100))
                .get(10, TimeUnit.SECONDS);
        assertTrue(ranAt - posted >= 100, "ran " + (ranAt - posted) + " ms after posting");
    }

    @Test
    void anIdleCallbackGetsAtMost50Ms() throws Exception {
        CompletableFuture<double[]> remaining = new CompletableFuture<>();
        loop.scheduler().requestIdleCallback(deadline -> {
            double first = deadline.timeRemaining();
            remaining.complete(new double[] {first, deadline.didTimeout() ? 1 : 0});
        });
        double[] seen = remaining.get(10, TimeUnit.SECONDS);
        assertTrue(seen[0] > 0 && seen[0] <= 50, "timeRemaining " + seen[0]);
        assertEquals(0, seen[1]);
    }

    @Test
    void anIdleTimeoutFiresWhileTheLoopStaysBusy() throws Exception {
        CountDownLatch release = blockLoop();
        CompletableFuture<Boolean> didTimeout = new CompletableFuture<>();
        loop.scheduler().requestIdleCallback(deadline -> didTimeout.complete(deadline.didTimeout()), 50);
        // keep the loop busy with a chain of tasks until the callback ran
        Runnable[] chain = new Runnable[1];
        chain[0] = () -> {
            if (!didTimeout.isDone()) {
                loop.execute(chain[0]);
            }
        };
        loop.execute(chain[0]);
        release.countDown();
        assertTrue(didTimeout.get(10, TimeUnit.SECONDS));
    }

    @Test
    void manyThreadsPostingConcurrentlyLoseNothing() throws Exception {
        int threads = 4;
        int perThread = 20_000;
        CountDownLatch done = new CountDownLatch(threads * perThread);
        List<Thread> posters = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread poster = new Thread(() -> {
                for (int i = 0; i < perThread; i++) {
                    if (i % 2 == 0) {
                        loop.scheduler().postTask(() -> {
                            done.countDown();
                            return null;
                        }, PostTaskOptions.defaults().priority(TaskPriority.values()[i % 3]));
                    } else {
                        loop.execute(done::countDown);
                    }
                }
            });
            posters.add(poster);
            poster.start();
        }
        for (Thread poster : posters) {
            poster.join();
        }
        assertTrue(done.await(30, TimeUnit.SECONDS), "left: " + done.getCount());
    }

    @Test
    void uncaughtExceptionsGoToTheLoopThreadsHandlerAndTheLoopGoesOn() throws Exception {
        CompletableFuture<Throwable> reported = new CompletableFuture<>();
        loop.execute(() -> Thread.currentThread().setUncaughtExceptionHandler((t, e) -> reported.complete(e)));
        RuntimeException failure = new RuntimeException("plain task");
        loop.execute(() -> {
            throw failure;
        });
        assertSame(failure, reported.get(10, TimeUnit.SECONDS));
        assertEquals("still running", loop.scheduler().postTask(() -> "still running").get(10, TimeUnit.SECONDS));
    }

    @Test
    void closeStopsTheThreadAndPendingWorkNeverRuns() throws Exception {
        Thread thread = loop.scheduler().postTask(Thread::currentThread).get(10, TimeUnit.SECONDS);
        CountDownLatch release = blockLoop();
        CompletableFuture<String> pending = recorder.post(loop.scheduler(), "never", USER_BLOCKING);
        loop.execute(recorder.task("never either"));
        loop.close();
        release.countDown();
        // once the loop's thread has ended, nothing queued can still run
        thread.join(10_000);
        assertFalse(thread.isAlive(), "the loop's thread ended");
        assertFalse(pending.isDone());
        assertEquals(List.of(), recorder.entries());
        assertThrows(RejectedExecutionException.class, () -> loop.execute(() -> { }));
        assertTrue(loop.scheduler().postTask(() -> 1).isCompletedExceptionally());
    }

    @Test
    void theLoopThreadEndsAfterClose() throws Exception {
        Thread thread = loop.scheduler().postTask(Thread::currentThread).get(10, TimeUnit.SECONDS);
        loop.close();
        thread.join(10_000);
        assertFalse(thread.isAlive());
    }
}
