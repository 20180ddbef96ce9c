package dev.backgroundtasks.launcher.internal.run;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

/** Shutdown blockers: all called at once, waited for within the budget, reported when they fail or overrun. */
class RunShutdownTest {
    private final TestConsole console = new TestConsole();
    private final RunShutdown shutdown = new RunShutdown(console.console);

    @Test
    void everyBlockerIsCalledOnAPlatformThreadAndWaitedFor() {
        List<String> called = new CopyOnWriteArrayList<>();
        CompletableFuture<Void> slow = new CompletableFuture<>();
        shutdown.addBlocker("flush", () -> {
            called.add("flush on " + Thread.currentThread().getName());
            return CompletableFuture.runAsync(() -> slow.complete(null));
        });
        shutdown.addBlocker("nothing", () -> null);
        assertFalse(shutdown.isInOrBeyondShutdownPhase());
        shutdown.begin();
        shutdown.runBlockers(System.nanoTime() + 10_000_000_000L);
        assertTrue(shutdown.isInOrBeyondShutdownPhase());
        assertEquals(List.of("flush on backgroundtasks-shutdown-blockers"), called);
        assertTrue(slow.isDone(), "the run waited for the blocker's stage");
    }

    @Test
    void aBlockerAddedAfterTheBeginningIsRefused() {
        shutdown.begin();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> shutdown.addBlocker("late", () -> null));
        assertEquals("shutdown has begun: blocker 'late' comes too late", e.getMessage());
    }

    @Test
    void failingAndOverrunningBlockersAreReportedByName() {
        shutdown.addBlocker("same", () -> CompletableFuture.failedFuture(new IllegalStateException("disk full")));
        shutdown.addBlocker("same", () -> {
            throw new IllegalArgumentException("thrown");
        });
        shutdown.addBlocker("never", CompletableFuture::new);
        long started = System.nanoTime();
        shutdown.runBlockers(System.nanoTime() + 300_000_000L);
        assertTrue(System.nanoTime() - started < 10_000_000_000L, "the budget bounds the wait");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            String err = console.err();
            assertTrue(err.contains("shutdown blocker 'same' failed: java.lang.IllegalStateException: disk full"), err);
            assertTrue(err.contains("shutdown blocker 'same #2' failed: java.lang.IllegalArgumentException: thrown"), err);
            assertTrue(err.contains("shutdown blocker 'never' did not finish within the shutdown budget"), err);
        });
    }
}
