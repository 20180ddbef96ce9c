package dev.backgroundtasks.testing.unit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import dev.backgroundtasks.scheduler.EventLoop;
import dev.backgroundtasks.scheduler.ManualEventLoop;

class TestTaskContextTest {
    @Test
    void theArgumentsAreThePlatformsCommandLine() {
        TestTaskContext context = new TestTaskContext("t", "a", "--n=3");
        assertEquals("t", context.taskName());
        assertEquals(Optional.of("3"), context.commandLine().handleFlagWithParam("n", true));
        assertEquals(List.of("a"), context.commandLine().arguments());
    }

    @Test
    void preferencesAreThoseGivenAndThoseSet() {
        TestTaskContext context = new TestTaskContext("t").pref("a", 1);
        assertEquals(1, context.preferences().getInt("a", 0));
        assertEquals("x", context.preferences().getString("a", "x"), "another type gets the default");
        context.preferences().set("b", true);
        assertEquals(Map.of("a", 1, "b", true), context.preferenceValues());
        assertThrows(IllegalArgumentException.class, () -> context.preferences().set("c", 1L));
    }

    @Test
    void whatTheTestDidNotGiveFailsLoudly() {
        TestTaskContext context = new TestTaskContext("t");
        assertThrows(IllegalStateException.class, context::scheduler);
        assertThrows(IllegalStateException.class, context::profileDirectory);
        assertTrue(context.isEphemeralProfile());
        Path dir = Path.of("p");
        try (ManualEventLoop loop = EventLoop.manual()) {
            context.profile(dir, false).scheduler(loop.scheduler());
            assertSame(loop.scheduler(), context.scheduler());
        }
        assertEquals(dir, context.profileDirectory());
        assertFalse(context.isEphemeralProfile());
    }

    @Test
    void shutDownCallsEveryBlockerAtOnceAndRefusesLateOnes() throws Exception {
        TestTaskContext context = new TestTaskContext("t");
        List<String> called = new ArrayList<>();
        CompletableFuture<Void> slow = new CompletableFuture<>();
        context.shutdown().addBlocker("first", () -> {
            called.add("first");
            return slow;
        });
        context.shutdown().addBlocker("second", () -> {
            called.add("second");
            return CompletableFuture.completedFuture(null);
        });
        assertEquals(List.of("first", "second"), context.blockerNames());
        assertFalse(context.shutdown().isInOrBeyondShutdownPhase());
        CompletableFuture<Void> done = context.shutDown();
        assertEquals(List.of("first", "second"), called, "both called before either completed");
        assertFalse(done.isDone());
        assertTrue(context.shutdown().isInOrBeyondShutdownPhase());
        assertThrows(IllegalStateException.class,
                () -> context.shutdown().addBlocker("late", () -> CompletableFuture.completedFuture(null)));
        slow.complete(null);
        done.get(10, TimeUnit.SECONDS);
    }

    @Test
    void aBlockerThatThrowsFailsTheShutdown() {
        TestTaskContext context = new TestTaskContext("t");
        context.shutdown().addBlocker("bad", () -> {
            throw new IllegalStateException("boom");
        });
        ExecutionException e = assertThrows(ExecutionException.class, () -> context.shutDown().get(10, TimeUnit.SECONDS));
        assertEquals("boom", e.getCause().getMessage());
    }
}
