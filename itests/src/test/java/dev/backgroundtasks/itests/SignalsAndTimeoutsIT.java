package dev.backgroundtasks.itests;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.backgroundtasks.testing.BackgroundTaskResult;
import dev.backgroundtasks.testing.BackgroundTaskRun;
import dev.backgroundtasks.testing.RunningTask;
import dev.backgroundtasks.testing.WithInstallation;

/**
 * Signals, and a task that ignores everything still ends (docs/reference/exit-codes.md): a signal shuts
 * the run down in order, which the task records itself.
 */
@WithInstallation(testingTasks = true)
class SignalsAndTimeoutsIT {
    /** What {@code wait SECONDS RECORD} writes when its run shuts down in order. */
    private static final List<String> IN_ORDER = List.of(
            "run started",
            "blocker called, loop open",
            "bundle stopping, loop closed, profile present",
            "exit, profile removed");

    @TempDir
    Path tmp;

    @ParameterizedTest
    @CsvSource({"TERM,143", "INT,130", "HUP,129"})
    void aSignalShutsDownInOrderAndRemovesTheProfile(String signal, int expected) throws Exception {
        signalEndsTheRun(BackgroundTaskRun.launcher(), tmp, signal, expected);
    }

    /**
     * docs/reliability.md, rule 20: started from a script that ignores SIGINT and SIGHUP (nohup,
     * {@code mvn install &}), the launcher still gets default dispositions and ends on the signal.
     */
    @ParameterizedTest
    @CsvSource({"INT,130", "HUP,129"})
    void aSignalIgnoredByWhoeverStartedTheTestsStillEndsTheRun(String signal, int expected) throws Exception {
        signalEndsTheRun(BackgroundTaskRun.launcher().wrappedIn("sh", "-c", "trap '' INT HUP; exec \"$@\"", "sh"),
                tmp, signal, expected);
    }

    /**
     * Runs {@code wait 120 RECORD} with {@code run}, its record in {@code tmp}; once the task runs, sends
     * {@code signal} and expects {@code expected}, the profile removed and an orderly shutdown; returns the run.
     */
    static BackgroundTaskResult signalEndsTheRun(BackgroundTaskRun run, Path tmp, String signal, int expected) throws Exception {
        Path record = tmp.resolve("shutdown-record");
        try (RunningTask task = run.args("--backgroundtask", "wait", "120", record.toString()).start()) {
            assertEquals("*** You are running in background task mode. ***",
                    task.awaitStderrLine(line -> true, Duration.ofSeconds(30)).orElse(null), task::toString);
            awaitRunStarted(record);
            BackgroundTaskResult r = task.signal(signal).await();
            assertEquals(expected, r.exitCode(), r::toString);
            assertEquals(0, r.ephemeralProfiles().size(), "profile removed");
            assertEquals(IN_ORDER, Files.readAllLines(record), r::toString);
            return r;
        } // a failing test never leaves its 'wait 120' child running
    }

    /** The task runs, and has set up its record: its blocker is registered, its listener added. */
    private static void awaitRunStarted(Path record) {
        await("the task's run").atMost(Duration.ofSeconds(60))
                .until(() -> Files.exists(record) && Files.readAllLines(record).contains("run started"));
    }

    @Test
    void aTaskThatIgnoresInterruptionAndLeavesThreadsStillEndsWithFour() {
        BackgroundTaskResult r = BackgroundTaskRun.launcher("--backgroundtask", "hang",
                "--pref", "toolkit.backgroundtasks.shutdownTimeoutSec=2").timeout(Duration.ofSeconds(60)).run();
        assertEquals(4, r.exitCode(), r::toString);
        assertTrue(r.wall().compareTo(Duration.ofSeconds(30)) < 0, r::toString);
        assertEquals(0, r.ephemeralProfiles().size(), "profile removed");
    }

    @Test
    void minimumRuntimeHolds() {
        BackgroundTaskResult r = BackgroundTaskRun.launcher("--backgroundtask", "minruntime").run();
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.wall().toMillis() > 1800, r::toString);
    }
}
