package dev.backgroundtasks.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import dev.backgroundtasks.testing.BackgroundTaskResult;
import dev.backgroundtasks.testing.BackgroundTaskRun;

/** Task lookup (docs/reference/lookup.md): precedence, duplicates, skipped jars, drop-ins, the minimal closure. */
class LookupIT extends InstallationPerTest {
    private BackgroundTaskResult run(String... args) {
        return BackgroundTaskRun.launcher(args).run();
    }

    /** The same test tasks under another symbolic name and version. */
    private Path copyOfTestingTasks(Path folder, String file, String symbolicName, String version) {
        return Fixtures.withManifest(Fixtures.testingTask(inst, "success"), folder.resolve(file),
                "Bundle-SymbolicName", symbolicName, "Bundle-Version", version);
    }

    private static String debug() {
        return "--pref=toolkit.backgroundtasks.loglevel=debug";
    }

    @Test
    void testingTasksAreFoundOnlyThroughTheEnvironment() {
        BackgroundTaskResult r = BackgroundTaskRun.launcher().env("BACKGROUNDTASKS_TESTING_DIR", null)
                .args("--backgroundtask", "success").run();
        assertEquals(2, r.exitCode(), r::toString);
    }

    @Test
    void appWinsOverToolkitAndTesting() {
        copyOfTestingTasks(app, "app-copy.jar", "app.copy", "0.0.1");
        BackgroundTaskResult r = run("--backgroundtask", "success", debug());
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.stderrText().contains("app.copy"), r::toString);
        BackgroundTaskResult list = run("--list-tasks");
        assertTrue(list.stdout().stream().anyMatch(l -> l.startsWith("success\tapp\t") && !l.endsWith("shadowed")),
                list::toString);
        assertTrue(list.stdout().stream().anyMatch(l -> l.startsWith("success\ttesting\t") && l.endsWith("shadowed")),
                list::toString);
    }

    @Test
    void toolkitWinsOverTesting() {
        copyOfTestingTasks(inst.path().resolve("toolkit/backgroundtasks"), "toolkit-copy.jar", "toolkit.copy", "0.0.1");
        BackgroundTaskResult r = run("--backgroundtask", "success", debug());
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.stderrText().contains("toolkit.copy"), r::toString);
    }

    @Test
    void highestVersionWinsInOneLocationWithAWarningNamingBoth() {
        copyOfTestingTasks(app, "b-low.jar", "copy.low", "1.0.0");
        copyOfTestingTasks(app, "a-high.jar", "copy.high", "2.0.0");
        BackgroundTaskResult r = run("--backgroundtask", "success", debug());
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.stderrText().contains("b-low.jar") && r.stderrText().contains("a-high.jar"), r::toString);
        assertTrue(r.stderrText().contains("installing [copy.high"), r::toString);
    }

    @Test
    void versionTieTakesTheLastFileName() {
        copyOfTestingTasks(app, "a.jar", "copy.a", "1.0.0");
        copyOfTestingTasks(app, "b.jar", "copy.b", "1.0.0");
        BackgroundTaskResult r = run("--backgroundtask", "success", debug());
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.stderrText().contains("installing [copy.b"), r::toString);
        assertTrue(r.stderrText().contains("declared twice"), r::toString);
    }

    @Test
    void brokenJarsAreSkippedWithAWarningAndOthersStillRun() throws IOException {
        Files.write(app.resolve("garbage.jar"), new byte[] {1, 2, 3, 4, 5});
        Fixtures.truncated(Fixtures.testingTask(inst, "success"), app.resolve("half-copied.jar"), 3000);
        Fixtures.withManifest(Fixtures.testingTask(inst, "success"), app.resolve("plain.jar"),
                "Bundle-SymbolicName", null);
        Fixtures.withManifest(Fixtures.testingTask(inst, "success"), app.resolve("badname.jar"),
                "Bundle-SymbolicName", "bad.name",
                "Provide-Capability", "dev.backgroundtasks.task;dev.backgroundtasks.task=\"no good!\"");
        BackgroundTaskResult r = run("--backgroundtask", "success");
        assertEquals(0, r.exitCode(), r::toString);
        for (String jar : new String[] {"garbage.jar", "half-copied.jar", "plain.jar", "badname.jar"}) {
            assertTrue(r.stderrText().contains(jar), () -> jar + " not named\n" + r);
        }
        BackgroundTaskResult list = run("--list-tasks");
        assertEquals(4, list.stdout().stream().filter(l -> l.startsWith("(skipped)\t")).count(), list::toString);
    }

    @Test
    void aThirdPartyTaskDroppedWithItsLibraryJustWorks() {
        inst.drop(Fixtures.fixture("dev.backgroundtasks.testing.fixture.droptask"), app, "droptask.jar");
        inst.drop(Fixtures.fixture("dev.backgroundtasks.testing.fixture.library"), app, "library.jar");
        BackgroundTaskResult r = run("--backgroundtask", "droptask");
        assertEquals(42, r.exitCode(), r::toString);
        assertEquals("Hello, drop-in", r.stdoutText(), r::toString);
    }

    @Test
    void aDroppedTaskWithoutItsLibraryFailsToLoad() {
        inst.drop(Fixtures.fixture("dev.backgroundtasks.testing.fixture.droptask"), app, "droptask.jar");
        BackgroundTaskResult r = run("--backgroundtask", "droptask");
        assertEquals(5, r.exitCode(), r::toString);
        assertTrue(r.stderrText().contains("dev.backgroundtasks.testing.fixture.library"), r::toString);
    }

    @Test
    void aDropInCarryingItsOwnPlatformBundleIsSkipped() throws IOException {
        Path scr;
        try (var s = Files.list(inst.path().resolve("bundles"))) {
            scr = s.filter(p -> p.getFileName().toString().contains("felix.scr")).findFirst().orElseThrow();
        }
        inst.drop(scr, app, "my-own-scr.jar");
        BackgroundTaskResult r = run("--backgroundtask", "success");
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.stderrText().contains("my-own-scr.jar"), r::toString);
    }

    @Test
    void onlyTheClosureIsInstalled() {
        inst.drop(Fixtures.fixture("dev.backgroundtasks.testing.fixture.droptask"), app, "droptask.jar");
        inst.drop(Fixtures.fixture("dev.backgroundtasks.testing.fixture.library"), app, "library.jar");
        BackgroundTaskResult r = BackgroundTaskRun.launcher().env("BACKGROUNDTASKS_TESTING_DIR", null)
                .args("--backgroundtask", "diagnostics").run();
        assertEquals(0, r.exitCode(), r::toString);
        assertFalse(r.stdoutText().lines().anyMatch(l -> l.matches("\\s+\\d+\\s+dev\\.backgroundtasks\\.testing\\.fixture\\.library\\s.*")),
                r::toString);
        assertTrue(r.stdoutText().lines().filter(l -> l.matches("\\s+\\d+\\s+.*(ACTIVE|RESOLVED|STARTING).*")).count() <= 6,
                r::toString);
    }
}
