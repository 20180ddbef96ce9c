package dev.backgroundtasks.launcher.internal.run;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/** The watchdog halts with the armed code once its deadline passes, after the run's record and clean-up. */
class WatchdogTest {
    private final TestConsole console = new TestConsole();
    private final List<String> events = new CopyOnWriteArrayList<>();
    private final CompletableFuture<Integer> halted = new CompletableFuture<>();
    private final Watchdog watchdog = new Watchdog(console.console, () -> events.add("cleanup"), code -> {
        events.add("halt " + code);
        halted.complete(code);
    });

    @Test
    void aPassedDeadlineRecordsCleansUpAndHaltsWithTheArmedCode() throws Exception {
        watchdog.beforeHalt(code -> events.add("record " + code));
        watchdog.arm(System.nanoTime() + 50_000_000L, 143, "SIGTERM: shutdown did not finish");
        assertEquals(143, halted.get(10, TimeUnit.SECONDS));
        assertEquals(List.of("record 143", "cleanup", "halt 143"), events);
        await().atMost(Duration.ofSeconds(10)).until(() -> console.err().contains(
                "SIGTERM: shutdown did not finish; halting with exit code 143"));
    }

    @Test
    void aDisarmedWatchdogDoesNotHalt() throws Exception {
        watchdog.arm(System.nanoTime() + 200_000_000L, 4, "late");
        watchdog.disarm();
        // a later deadline proves the thread went on waiting instead of halting for the first
        watchdog.arm(System.nanoTime() + 400_000_000L, 0, "the second");
        assertEquals(0, halted.get(10, TimeUnit.SECONDS));
        assertEquals(List.of("cleanup", "halt 0"), events);
    }

    @Test
    void anEarlierDeadlineArmedFirstIsKept() throws Exception {
        watchdog.arm(System.nanoTime() + 100_000_000L, 130, "first");
        watchdog.arm(System.nanoTime() + 60_000_000_000L, 1, "later and looser");
        assertEquals(130, halted.get(10, TimeUnit.SECONDS));
    }

    @Test
    void aSignalGivesTheShutdownTwiceItsBudget() throws Exception {
        long before = System.nanoTime();
        watchdog.afterSignal(129, "HUP", 50);
        assertEquals(129, halted.get(10, TimeUnit.SECONDS));
        assertTrue(System.nanoTime() - before >= 100_000_000L, "halted before twice the budget");
        await().atMost(Duration.ofSeconds(10)).until(() -> console.err().contains("SIGHUP: shutdown did not finish"));
    }
}
