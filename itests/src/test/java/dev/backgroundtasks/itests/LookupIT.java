package dev.backgroundtasks.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Contract section 5: precedence, duplicates, skipped jars, drop-ins, the minimal closure. */
class LookupIT {
    @TempDir
    Path tmp;
    Path inst;
    Path app;

    @BeforeEach
    void installation() {
        inst = Installations.copy(tmp.resolve("inst"));
        app = inst.resolve("app/backgroundtasks");
    }

    private Launch.Result run(String... args) {
        return Launch.in(inst).tmpdir(tmp).args(args).run();
    }

    /** The same test tasks under another symbolic name and version. */
    private Path copyOfTestingTasks(Path folder, String file, String symbolicName, String version) {
        return Installations.withManifest(Installations.testingTasks(inst), folder.resolve(file),
                "Bundle-SymbolicName", symbolicName, "Bundle-Version", version);
    }

    private static String debug() {
        return "--pref=toolkit.backgroundtasks.loglevel=debug";
    }

    @Test
    void testingTasksAreFoundOnlyThroughTheEnvironment() {
        Launch.Result r = Launch.in(inst).tmpdir(tmp).env("BACKGROUNDTASKS_TESTING_DIR", null)
                .args("--backgroundtask", "success").run();
        assertEquals(2, r.exitCode(), r::toString);
    }

    @Test
    void appWinsOverToolkitAndTesting() {
        copyOfTestingTasks(app, "app-copy.jar", "app.copy", "0.0.1");
        Launch.Result r = run("--backgroundtask", "success", debug());
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.err().contains("app.copy"), r::toString);
        Launch.Result list = run("--list-tasks");
        assertTrue(list.stdout().stream().anyMatch(l -> l.startsWith("success\tapp\t") && !l.endsWith("shadowed")),
                list::toString);
        assertTrue(list.stdout().stream().anyMatch(l -> l.startsWith("success\ttesting\t") && l.endsWith("shadowed")),
                list::toString);
    }

    @Test
    void toolkitWinsOverTesting() {
        copyOfTestingTasks(inst.resolve("toolkit/backgroundtasks"), "toolkit-copy.jar", "toolkit.copy", "0.0.1");
        Launch.Result r = run("--backgroundtask", "success", debug());
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.err().contains("toolkit.copy"), r::toString);
    }

    @Test
    void highestVersionWinsInOneLocationWithAWarningNamingBoth() {
        copyOfTestingTasks(app, "b-low.jar", "copy.low", "1.0.0");
        copyOfTestingTasks(app, "a-high.jar", "copy.high", "2.0.0");
        Launch.Result r = run("--backgroundtask", "success", debug());
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.err().contains("b-low.jar") && r.err().contains("a-high.jar"), r::toString);
        assertTrue(r.err().contains("installing [copy.high"), r::toString);
    }

    @Test
    void versionTieTakesTheLastFileName() {
        copyOfTestingTasks(app, "a.jar", "copy.a", "1.0.0");
        copyOfTestingTasks(app, "b.jar", "copy.b", "1.0.0");
        Launch.Result r = run("--backgroundtask", "success", debug());
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.err().contains("installing [copy.b"), r::toString);
        assertTrue(r.err().contains("declared twice"), r::toString);
    }

    @Test
    void brokenJarsAreSkippedWithAWarningAndOthersStillRun() throws IOException {
        Files.write(app.resolve("garbage.jar"), new byte[] {1, 2, 3, 4, 5});
        Installations.truncated(Installations.testingTasks(inst), app.resolve("half-copied.jar"), 3000);
        Installations.withManifest(Installations.testingTasks(inst), app.resolve("plain.jar"),
                "Bundle-SymbolicName", null);
        Installations.withManifest(Installations.testingTasks(inst), app.resolve("badname.jar"),
                "Bundle-SymbolicName", "bad.name",
                "Provide-Capability", "dev.backgroundtasks.task;dev.backgroundtasks.task=\"no good!\"");
        Launch.Result r = run("--backgroundtask", "success");
        assertEquals(0, r.exitCode(), r::toString);
        for (String jar : new String[] {"garbage.jar", "half-copied.jar", "plain.jar", "badname.jar"}) {
            assertTrue(r.err().contains(jar), () -> jar + " not named\n" + r);
        }
        Launch.Result list = run("--list-tasks");
        assertEquals(4, list.stdout().stream().filter(l -> l.startsWith("(skipped)\t")).count(), list::toString);
    }

    @Test
    void aThirdPartyTaskDroppedWithItsLibraryJustWorks() {
        Installations.drop(Installations.fixture("dev.backgroundtasks.testing.fixture.droptask"), app, "droptask.jar");
        Installations.drop(Installations.fixture("dev.backgroundtasks.testing.fixture.library"), app, "library.jar");
        Launch.Result r = run("--backgroundtask", "droptask");
        assertEquals(42, r.exitCode(), r::toString);
        assertEquals("Hello, drop-in", r.out(), r::toString);
    }

    @Test
    void aDroppedTaskWithoutItsLibraryFailsToLoad() {
        Installations.drop(Installations.fixture("dev.backgroundtasks.testing.fixture.droptask"), app, "droptask.jar");
        Launch.Result r = run("--backgroundtask", "droptask");
        assertEquals(5, r.exitCode(), r::toString);
        assertTrue(r.err().contains("dev.backgroundtasks.testing.fixture.library"), r::toString);
    }

    @Test
    void aDropInCarryingItsOwnPlatformBundleIsSkipped() throws IOException {
        Path scr;
        try (var s = Files.list(inst.resolve("bundles"))) {
            scr = s.filter(p -> p.getFileName().toString().contains("felix.scr")).findFirst().orElseThrow();
        }
        Installations.drop(scr, app, "my-own-scr.jar");
        Launch.Result r = run("--backgroundtask", "success");
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.err().contains("my-own-scr.jar"), r::toString);
    }

    @Test
    void onlyTheClosureIsInstalled() {
        Installations.drop(Installations.fixture("dev.backgroundtasks.testing.fixture.droptask"), app, "droptask.jar");
        Installations.drop(Installations.fixture("dev.backgroundtasks.testing.fixture.library"), app, "library.jar");
        Launch.Result r = Launch.in(inst).tmpdir(tmp).env("BACKGROUNDTASKS_TESTING_DIR", null)
                .args("--backgroundtask", "diagnostics").run();
        assertEquals(0, r.exitCode(), r::toString);
        assertFalse(r.out().lines().anyMatch(l -> l.matches("\\s+\\d+\\s+dev\\.backgroundtasks\\.testing\\.fixture\\.library\\s.*")),
                r::toString);
        assertTrue(r.out().lines().filter(l -> l.matches("\\s+\\d+\\s+.*(ACTIVE|RESOLVED|STARTING).*")).count() <= 6,
                r::toString);
    }
}
