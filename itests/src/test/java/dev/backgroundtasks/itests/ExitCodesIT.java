package dev.backgroundtasks.itests;

import static dev.backgroundtasks.testing.BackgroundTaskResult.ephemeralProfilesIn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.backgroundtasks.testing.BackgroundTaskResult;
import dev.backgroundtasks.testing.BackgroundTaskRun;
import dev.backgroundtasks.testing.TaskInstallation;
import dev.backgroundtasks.testing.WithInstallation;

/** Every exit code (docs/reference/exit-codes.md), from a forked launcher. */
@WithInstallation(testingTasks = true)
class ExitCodesIT {
    @TempDir
    Path tmp;

    private BackgroundTaskResult run(String... args) {
        return BackgroundTaskRun.launcher().tmpdir(tmp).args(args).run();
    }

    @Test
    void successExitsZeroAndLeavesNoProfile() {
        BackgroundTaskResult r = run("--backgroundtask", "success");
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals(0, ephemeralProfilesIn(tmp).size(), "profile removed");
    }

    @Test
    void failureTaskExitsOne() {
        assertEquals(1, run("--backgroundtask", "failure").exitCode());
    }

    @Test
    void unknownTaskExitsTwoWithAMessage() {
        BackgroundTaskResult r = run("--backgroundtask", "no_such_task");
        assertEquals(2, r.exitCode(), r::toString);
        assertTrue(r.stderrText().contains("no background task named 'no_such_task'"), r::toString);
        assertEquals(0, ephemeralProfilesIn(tmp).size());
    }

    @Test
    void throwingTaskExitsThreeAndRemovesItsProfile() {
        BackgroundTaskResult r = run("--backgroundtask", "exception");
        assertEquals(3, r.exitCode(), r::toString);
        assertTrue(r.stderrText().contains("the exception task throws"), r::toString);
        assertEquals(0, ephemeralProfilesIn(tmp).size());
    }

    @Test
    void taskSpecificCodesPassThroughAndOutOfRangeIsThree() {
        assertEquals(42, run("--backgroundtask", "exitcode", "42").exitCode());
        assertEquals(125, run("--backgroundtask", "exitcode", "125").exitCode());
        assertEquals(3, run("--backgroundtask", "exitcode", "126").exitCode());
        assertEquals(3, run("--backgroundtask", "exitcode", "-1").exitCode());
    }

    @Test
    void timeoutExitsFourLongBeforeTheTaskWouldEnd() {
        BackgroundTaskResult r = run("--backgroundtask", "timeout");
        assertEquals(4, r.exitCode(), r::toString);
        assertTrue(r.stderrText().contains("timed out"), r::toString);
        assertTrue(r.wall().compareTo(Duration.ofSeconds(60)) < 0, r::toString);
        assertEquals(0, ephemeralProfilesIn(tmp).size());
    }

    @Test
    void unresolvableTaskBundleExitsFiveNamingBundleAndRequirement(TaskInstallation installation) {
        TaskInstallation app = installation.copy();
        app.drop(Fixtures.fixture("dev.backgroundtasks.testing.fixture.unresolvable"), app.appTasks(), "unresolvable.jar");
        BackgroundTaskResult r = BackgroundTaskRun.launcher().in(app).tmpdir(tmp).args("--backgroundtask", "unresolvable").run();
        assertEquals(5, r.exitCode(), r::toString);
        assertTrue(r.stderrText().contains("dev.backgroundtasks.testing.fixture.unresolvable"), r::toString);
        assertTrue(r.stderrText().contains("com.example.nonexistent"), r::toString);
    }

    @Test
    void taskWhoseServiceNeverRegistersExitsFiveNamingTheReference(TaskInstallation installation) {
        TaskInstallation app = installation.copy();
        app.drop(Fixtures.fixture("dev.backgroundtasks.testing.fixture.missingservice"), app.appTasks(), "missingservice.jar");
        BackgroundTaskResult r = BackgroundTaskRun.launcher().in(app).tmpdir(tmp).args("--backgroundtask", "missingservice").run();
        assertEquals(5, r.exitCode(), r::toString);
        assertTrue(r.stderrText().contains("unavailable"), r::toString);
        assertTrue(r.stderrText().contains("MissingServiceTask$Unavailable"), r::toString);
    }

    @Test
    void badCommandLinesExitSeven() {
        String[][] lines = {
            {"--backgroundtask"},
            {"--backgroundtask", "-x"},
            {"--backgroundtask", "bad name"},
            {"--backgroundtask", "a".repeat(65)},
            {"--bogus", "--backgroundtask", "success"},
            {"stray", "--backgroundtask", "success"},
            {"--backgroundtask", "success", "--backgroundtask", "failure"},
            {"--pref", "novalue", "--backgroundtask", "success"},
            {"--detach"},
            {"--profile"},
        };
        for (String[] line : lines) {
            BackgroundTaskResult r = run(line);
            assertEquals(7, r.exitCode(), () -> String.join(" ", line) + "\n" + r);
            assertEquals(1, r.stderr().size(), () -> "one line for " + String.join(" ", line) + "\n" + r);
        }
    }

    @Test
    void systemExitInATaskEndsTheRunWithItsCodeAndRemovesTheProfile() {
        BackgroundTaskResult r = run("--backgroundtask", "system_exit", "17");
        assertEquals(17, r.exitCode(), r::toString);
        assertEquals(0, ephemeralProfilesIn(tmp).size());
    }
}
