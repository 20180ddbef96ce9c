package dev.backgroundtasks.itests;

import static dev.backgroundtasks.testing.BackgroundTaskResult.ephemeralProfilesIn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.backgroundtasks.testing.BackgroundTaskResult;
import dev.backgroundtasks.testing.BackgroundTaskRun;
import dev.backgroundtasks.testing.WithInstallation;

/** The command line (docs/reference/command-line.md): options, arguments, --help, --version, --list-tasks. */
@WithInstallation(testingTasks = true)
class CommandLineIT {
    @TempDir
    Path tmp;

    private BackgroundTaskResult run(String... args) {
        return BackgroundTaskRun.launcher().tmpdir(tmp).args(args).run();
    }

    @Test
    void helpPrintsEveryOptionAndRunsNothing() {
        for (String flag : List.of("--help", "-h", "-HELP")) {
            BackgroundTaskResult r = run(flag, "--backgroundtask", "failure");
            assertEquals(0, r.exitCode(), r::toString);
            for (String option : List.of("--backgroundtask", "--attach-console", "--profile", "--pref", "--list-tasks",
                    "--detach", "--debugger", "--wait-for-debugger", "--version")) {
                assertTrue(r.stdoutText().contains(option), () -> option + " missing from\n" + r);
            }
            assertEquals(0, ephemeralProfilesIn(tmp).size());
        }
    }

    @Test
    void versionPrintsTheVersion() {
        BackgroundTaskResult r = run("--version");
        assertEquals(0, r.exitCode());
        assertTrue(r.stdoutText().contains(Fixtures.VERSION), r::toString);
        assertEquals(0, run("--backgroundtask", "failure", "-v").exitCode(), "-v wins like Firefox's");
    }

    @Test
    void argumentsReachTheTaskVerbatimAndInOrder() {
        BackgroundTaskResult r = run("-BackgroundTask", "print_args", "a b", "", "--x=1", "-y", "ümlaut", "$(echo)",
                "--pref", "p=1", "--", "--pref", "--backgroundtask", "-v");
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals(List.of("arg[0]=a b", "arg[1]=", "arg[2]=--x=1", "arg[3]=-y", "arg[4]=ümlaut", "arg[5]=$(echo)",
                "arg[6]=--pref", "arg[7]=--backgroundtask", "arg[8]=-v"), r.stdout());
    }

    @Test
    void optionValuesAfterEquals() {
        BackgroundTaskResult r = run("--backgroundtask=pref", "--pref=a.b=c=d", "a.b");
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals(List.of("a.b=c=d"), r.stdout());
    }

    @Test
    void listTasksShowsEveryTaskWithLocationAndSettings() {
        BackgroundTaskResult r = run("--list-tasks");
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.stdout().stream().anyMatch(l -> l.startsWith("diagnostics\ttoolkit\t")), r::toString);
        assertTrue(r.stdout().stream().anyMatch(l -> l.startsWith("timeout\ttesting\t") && l.contains("timeoutSec=1")),
                r::toString);
        assertTrue(r.stdout().stream().anyMatch(l -> l.startsWith("no_output\ttesting\t") && l.contains("noOutput=true")),
                r::toString);
        for (String line : r.stdout()) {
            assertTrue(line.split("\t").length >= 4, line);
        }
    }

    @Test
    void diagnosticsShowsThePlatform() {
        BackgroundTaskResult r = BackgroundTaskRun.launcher().tmpdir(tmp).env("BACKGROUNDTASKS_TESTING_DIR", null)
                .args("--backgroundtask", "diagnostics").run();
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.stdoutText().contains("org.apache.felix.scr"), r::toString);
        assertTrue(r.stdoutText().contains("dev.backgroundtasks.task.diagnostics"), r::toString);
        assertTrue(r.stdoutText().contains("toolkit/backgroundtasks"), r::toString);
    }
}
