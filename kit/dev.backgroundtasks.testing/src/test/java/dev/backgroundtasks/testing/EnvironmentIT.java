package dev.backgroundtasks.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What the launcher's process gets: environment variables and preferences. */
@WithInstallation(testingTasks = true)
class EnvironmentIT {
    /** The test-only tasks finish at once: no need to hold each run for the default 500 ms. */
    @BeforeAll
    static void noMinimumRuntime(TaskInstallation installation) {
        installation.pref("toolkit.backgroundtasks.defaultMinTaskRuntimeMS", 0);
    }

    @Test
    void anEnvironmentVariableReachesTheLauncher() {
        BackgroundTaskResult result = BackgroundTaskRun.task("no_output").env("BACKGROUNDTASKS_IGNORE_NO_OUTPUT", "1")
                .run().assertExitCode(0);
        assertEquals(List.of("no_output: a line on stdout"), result.stdout(), result::toString);
    }

    @Test
    void aNullValueRemovesAVariableTheRunWouldGet() {
        // the installation gives every run BACKGROUNDTASKS_TESTING_DIR; without it the test-only tasks are gone
        BackgroundTaskRun.task("success").env("BACKGROUNDTASKS_TESTING_DIR", null).run().assertExitCode(2);
    }

    @Test
    void theRuntimeAndDataDirectoriesAreTheInstallationsNotTheUsers(TaskInstallation installation) {
        BackgroundTaskRun.task("not_ephemeral_profile").args("n", "1").run().assertExitCode(0);
        assertTrue(installation.runtimeDirectory().toFile().isDirectory(), "BACKGROUNDTASKS_RUNTIME_DIR");
        assertTrue(installation.dataDirectory().toFile().isDirectory(), "BACKGROUNDTASKS_DATA_DIR");
    }

    @Test
    void backgroundModeDefaultsApply() {
        // defaults/backgroundtasks.properties sets test.backgroundtask_specific_pref.exitCode=79
        BackgroundTaskRun.task("specific_pref").run().assertExitCode(79);
    }

    @Test
    void aPrefOverridesTheDefaults() {
        BackgroundTaskRun.task("specific_pref").pref("test.backgroundtask_specific_pref.exitCode", 42).run()
                .assertExitCode(42);
    }

    @Test
    void prefsOfEveryType() {
        BackgroundTaskResult result = BackgroundTaskRun.task("pref")
                .pref("a.string", "hello world").pref("an.int", 7)
                .args("a.string", "an.int")
                .run().assertExitCode(0);
        assertEquals(List.of("a.string=hello world", "an.int=7"), result.stdout(), result::toString);
    }
}
