package dev.backgroundtasks.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.backgroundtasks.testing.BackgroundTaskResult;
import dev.backgroundtasks.testing.BackgroundTaskRun;
import dev.backgroundtasks.testing.WithInstallation;

/** Preference layering and the output rules (docs/reference/preferences.md, profiles.md). */
@WithInstallation(testingTasks = true)
class PreferencesAndOutputIT {
    @TempDir
    Path tmp;

    private BackgroundTaskRun launch() {
        return BackgroundTaskRun.launcher().tmpdir(tmp);
    }

    @Test
    void backgroundDefaultsApply() {
        assertEquals(79, launch().args("--backgroundtask", "specific_pref").run().exitCode());
    }

    @Test
    void layersOverrideInOrder() throws Exception {
        Path profile = Files.createDirectories(tmp.resolve("profile"));
        Files.writeString(profile.resolve("prefs.properties"), "test.backgroundtask_specific_pref.exitCode=33\nfrom.profile=yes\n");
        assertEquals(33, launch().args("--profile", profile.toString(), "--backgroundtask", "specific_pref").run().exitCode());
        assertEquals(44, launch().args("--profile", profile.toString(), "--backgroundtask", "specific_pref",
                "--pref", "test.backgroundtask_specific_pref.exitCode=44").run().exitCode());
        BackgroundTaskResult typed = launch().args("--profile", profile.toString(), "--backgroundtask", "pref",
                "from.profile", "toolkit.backgroundtasks.shutdownTimeoutSec", "--pref=x=true").run();
        assertEquals(List.of("from.profile=yes", "toolkit.backgroundtasks.shutdownTimeoutSec=10"), typed.stdout(),
                typed::toString);
    }

    @Test
    void ordinaryTasksPrintTheBannerFirst() {
        BackgroundTaskResult r = launch().args("--backgroundtask", "success").run();
        assertEquals("*** You are running in background task mode. ***", r.stderr().get(0), r::toString);
    }

    @Test
    void noOutputTasksPrintNothingAtAll() throws Exception {
        Files.write(Files.createDirectories(tmp.resolve("inst-unused")).resolve("x"), new byte[0]);
        BackgroundTaskResult r = launch().args("--backgroundtask", "no_output").run();
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals(List.of(), r.stdout());
        assertEquals(List.of(), r.stderr());
    }

    @Test
    void noOutputTasksPrintWithAttachConsoleOrTheVariable() {
        BackgroundTaskResult attached = launch().args("--backgroundtask", "no_output", "--attach-console").run();
        assertTrue(attached.stdoutText().contains("no_output: a line on stdout"), attached::toString);
        assertTrue(attached.stderrText().contains("no_output: a line on stderr"), attached::toString);
        BackgroundTaskResult env = launch().env("BACKGROUNDTASKS_IGNORE_NO_OUTPUT", "1").args("--backgroundtask", "no_output").run();
        assertTrue(env.stdoutText().contains("no_output: a line on stdout"), env::toString);
    }

    @Test
    void unknownPlatformPreferenceIsWarnedAbout() {
        BackgroundTaskResult r = launch().args("--backgroundtask", "success", "--pref", "toolkit.backgroundtasks.typo=1").run();
        assertEquals(0, r.exitCode());
        assertTrue(r.stderrText().contains("toolkit.backgroundtasks.typo"), r::toString);
    }

    @Test
    void schedulerWorksThroughTheTaskContext() {
        BackgroundTaskResult r = launch().args("--backgroundtask", "scheduler").run();
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals(List.of("order=user-blocking,user-visible,background,idle"), r.stdout());
    }

    @Test
    void shutdownBlockersRunWhileTheLoopRunsAndFailuresDoNotChangeTheCode() throws Exception {
        Path marker = tmp.resolve("marker");
        BackgroundTaskResult r = launch().args("--backgroundtask", "blocker", marker.toString(), "fail").run();
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals("blocker ran, shutdown=true", Files.readString(marker));
        assertTrue(r.stderrText().contains("failing blocker"), r::toString);
    }

    @Test
    void jdk25SmokeRun() {
        Path java = Path.of(System.getProperty("backgroundtasks.jdk25", "/usr/lib/jvm/temurin-25-jdk-amd64"), "bin", "java");
        org.junit.jupiter.api.Assumptions.assumeTrue(new File(java.toString()).canExecute(), "no JDK 25 here");
        BackgroundTaskResult ok = launch().java(java).args("--backgroundtask", "success").run();
        assertEquals(0, ok.exitCode(), ok::toString);
        BackgroundTaskResult quiet = launch().java(java).args("--backgroundtask", "no_output").run();
        assertEquals(0, quiet.exitCode(), quiet::toString);
        assertEquals(List.of(), quiet.stdout(), quiet::toString);
        assertEquals(List.of(), quiet.stderr(), quiet::toString);
    }
}
