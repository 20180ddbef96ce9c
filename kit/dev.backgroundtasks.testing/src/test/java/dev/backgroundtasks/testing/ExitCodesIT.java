package dev.backgroundtasks.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every exit code of the contract, as the harness reports it, from the platform's test-only tasks. */
@WithInstallation(testingTasks = true)
class ExitCodesIT {
    static final String BANNER = "*** You are running in background task mode. ***";

    /** The test-only tasks finish at once: no need to hold each run for the default 500 ms. */
    @BeforeAll
    static void noMinimumRuntime(TaskInstallation installation) {
        installation.pref("toolkit.backgroundtasks.defaultMinTaskRuntimeMS", 0);
    }

    @Test
    void success() {
        BackgroundTaskRun.task("success").run().assertExitCode(0);
    }

    @Test
    void failure() {
        BackgroundTaskRun.task("failure").run().assertExitCode(1);
    }

    @Test
    void notFound() {
        BackgroundTaskResult result = BackgroundTaskRun.task("no_such_task").run().assertExitCode(2);
        assertTrue(result.stderrText().contains("no_such_task"), result::toString);
    }

    @Test
    void exception() {
        BackgroundTaskRun.task("exception").run().assertExitCode(3);
    }

    @Test
    void timeout() {
        BackgroundTaskResult result = BackgroundTaskRun.task("timeout").run().assertExitCode(4);
        // timeoutSec 1 of a task that waits 5 minutes: the watchdog, not the wait, ended it
        assertTrue(result.wall().compareTo(Duration.ofSeconds(60)) < 0, result::toString);
    }

    @Test
    void loadFailedForADroppedInBundleThatDoesNotResolve(TaskInstallation installation) {
        Path unresolvable = Path.of(System.getProperty("fixture.unresolvable"));
        BackgroundTaskResult result = BackgroundTaskRun.task("unresolvable").bundles(unresolvable).run().assertExitCode(5);
        assertTrue(installation.appTasks().resolve(unresolvable.getFileName()).toFile().isFile(), "dropped in");
        assertTrue(result.stderrText().contains("unresolvable"), result::toString);
    }

    @Test
    void alreadyRunning(TaskInstallation installation) {
        assumeTrue(installation.launcher("--list-tasks").testingTasks().run().stdout().stream()
                .anyMatch(line -> line.startsWith("exclusive\t")), "this platform has no test-only exclusive task");
        try (RunningTask first = BackgroundTaskRun.task("exclusive").args("30").start()) {
            first.awaitStderrLine(BANNER::equals, Duration.ofSeconds(30));
            BackgroundTaskRun.task("exclusive").args("0").run().assertExitCode(6);
            assertTrue(first.isAlive(), "the first instance still runs");
        }
    }

    @Test
    void usage() {
        BackgroundTaskResult result = BackgroundTaskRun.task("success").launcherOptions("--no-such-option").run()
                .assertExitCode(7);
        assertEquals(1, result.stderr().size(), result::toString);
    }

    @Test
    void usageForABadTaskName() {
        BackgroundTaskRun.task("not a name").run().assertExitCode(7);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 11, 42, 125})
    void taskSpecificCodes(int code) {
        BackgroundTaskRun.task("exitcode").args(Integer.toString(code)).run().assertExitCode(code);
    }

    @Test
    void aValueOutsideZeroTo125IsAnException() {
        BackgroundTaskRun.task("exitcode").args("126").run().assertExitCode(3);
    }

    @Test
    void systemExitEndsTheRunWithItsCode() {
        BackgroundTaskRun.task("system_exit").args("77").run().assertExitCode(77);
    }

    @Test
    void sigtermIsAnOrderlyStopWith143() {
        try (RunningTask running = BackgroundTaskRun.task("wait").args("60").keepProfile().start()) {
            assertTrue(running.awaitStderrLine(BANNER::equals, Duration.ofSeconds(30)).isPresent(), "the task started");
            BackgroundTaskResult result = running.stop().await().assertExitCode(143);
            assertTrue(result.wall().compareTo(Duration.ofSeconds(30)) < 0, result::toString);
        }
    }
}
