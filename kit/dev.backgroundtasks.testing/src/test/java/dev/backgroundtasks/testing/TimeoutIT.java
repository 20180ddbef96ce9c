package dev.backgroundtasks.testing;

import static dev.backgroundtasks.testing.ExitCodesIT.BANNER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The harness's own timeout: a run that outlives it is stopped and fails the test, and leaves nothing running. */
@WithInstallation(testingTasks = true)
class TimeoutIT {
    /** The test-only tasks finish at once: no need to hold each run for the default 500 ms. */
    @BeforeAll
    static void noMinimumRuntime(TaskInstallation installation) {
        installation.pref("toolkit.backgroundtasks.defaultMinTaskRuntimeMS", 0);
    }

    @Test
    void aRunPastItsTimeoutIsStoppedAndFails() {
        long start = System.nanoTime();
        RunTimedOutError error = assertThrows(RunTimedOutError.class,
                () -> BackgroundTaskRun.task("wait").args("120").timeout(Duration.ofSeconds(3)).run());
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertTrue(took.compareTo(Duration.ofSeconds(60)) < 0, "stopped in " + took);
        BackgroundTaskResult partial = error.partialResult();
        assertEquals(143, partial.exitCode(), partial::toString); // SIGTERM first: an orderly stop
        assertTrue(partial.stderr().contains(BANNER), partial::toString);
        assertEquals(List.of(), partial.tmpdir().toFile().list() == null ? List.of() : List.of(partial.tmpdir().toFile().list()),
                "the orderly stop removed the profile");
    }

    @Test
    void closingAStartedRunKillsIt() {
        RunningTask running = BackgroundTaskRun.task("wait").args("120").start();
        running.awaitStderrLine(BANNER::equals, Duration.ofSeconds(30));
        running.close();
        assertFalse(running.isAlive());
    }

    @Test
    void theTimeoutMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> BackgroundTaskRun.task("success").timeout(Duration.ZERO));
    }
}
