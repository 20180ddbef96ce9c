package dev.backgroundtasks.itests;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.time.Duration;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.backgroundtasks.testing.BackgroundTaskResult;
import dev.backgroundtasks.testing.BackgroundTaskRun;
import dev.backgroundtasks.testing.RunningTask;
import dev.backgroundtasks.testing.TaskInstallation;
import dev.backgroundtasks.testing.WithInstallation;

/** Normal mode: the whole application, its categories, quit, signals and the single instance. */
@WithInstallation(testingTasks = true, eachTest = true)
class NormalModeIT {
    @TempDir
    Path tmp;
    Path inst;
    Path markers;

    @BeforeEach
    void application(TaskInstallation installation) {
        inst = installation.path();
        installation.drop(Fixtures.fixture("dev.backgroundtasks.testing.fixture.categories"),
                inst.resolve("app/bundles"), "categories.jar");
        markers = tmp.resolve("markers");
    }

    private BackgroundTaskRun launch() {
        return BackgroundTaskRun.launcher().tmpdir(tmp).env("BACKGROUNDTASKS_DATA_DIR", tmp.resolve("data").toString())
                .env("BACKGROUNDTASKS_RUNTIME_DIR", tmp.resolve("run").toString())
                .env("BACKGROUNDTASKS_TEST_MARKERS", markers.toString());
    }

    private Set<String> markers() throws Exception {
        Set<String> seen = new TreeSet<>();
        if (Files.isDirectory(markers)) {
            try (Stream<Path> s = Files.list(markers)) {
                s.forEach(p -> seen.add(p.getFileName().toString()));
            }
        }
        return seen;
    }

    @Test
    void startsFiresTheCategoriesInOrderAndQuitsWithTheCode() throws Exception {
        Path report = tmp.resolve("graph.json");
        BackgroundTaskResult r = launch().env("BACKGROUNDTASKS_TEST_QUIT_CODE", "23")
                .env("BACKGROUNDTASKS_GRAPH_FILE", report.toString()).run();
        assertEquals(23, r.exitCode(), r::toString);
        Graph g = Graph.read(report);
        assertEquals("normal", g.mode());
        assertEquals(null, g.field("task"));
        assertEquals(List.of("app-startup NormalStartupEntry", "profile-after-change NormalProfileEntry",
                "final-startup AlwaysFinalStartupEntry", "final-startup QuitOnRequest",
                "quit-application AlwaysQuitEntry"),
                g.categories().stream().sorted((a, b) -> order(a) - order(b)).toList());
        Set<String> seen = markers();
        assertTrue(seen.contains("new-NormalStartupEntry"), seen::toString);
        assertFalse(seen.contains("new-BackgroundStartupEntry"), "BACKGROUND entries are not registered in normal mode");
        assertFalse(seen.contains("new-BackgroundCommandLineEntry"), seen::toString);
        assertFalse(seen.contains("task-ran"), "background tasks are not run in normal mode");
        assertTrue(g.values("bundles", "symbolicName").contains("dev.backgroundtasks.testing.fixture.categories"));
        assertFalse(g.values("bundles", "symbolicName").contains("dev.backgroundtasks.task.diagnostics"),
                "background tasks are not installed in normal mode");
        // stdout is the application's: no platform line, and no Configurator debug line from before the Log Service
        assertEquals(List.of(), r.stdout(), r::toString);
        assertTrue(r.stderrText().contains("running in normal mode"), r::toString);
    }

    @Test
    void confIsAppliedToTheApplicationsComponents() throws Exception {
        // a file with only the resource version and its PIDs, as an administrator writes it (docs/writing-tasks.md, "Configuration")
        Files.createDirectories(inst.resolve("conf"));
        Files.writeString(inst.resolve("conf/quit.json"), """
                {
                  ":configurator:resource-version": 1,
                  "example.quit": { "code:Integer": 30, "word": "$[env:QUIT_WORD]" }
                }
                """);
        BackgroundTaskResult r = launch().env("QUIT_WORD", "seven!!").run();
        // 30 from conf/ plus the length of the interpolated word: ConfiguredQuit activates only with its configuration
        assertEquals(37, r.exitCode(), r::toString);
        assertTrue(markers().contains("configured-quit-37"), r::toString);
        assertEquals(List.of(), r.stdout(), r::toString);
    }

    private static int order(String entry) {
        List<String> categories = List.of("app-startup", "profile-after-change", "command-line-handler", "final-startup",
                "quit-application");
        return categories.indexOf(entry.substring(0, entry.indexOf(' ')));
    }

    @Test
    void sigtermStopsItCleanlyAndASecondInstanceIsRefused() throws Exception {
        RunningTask app = launch().start();
        await("final-startup observed").atMost(Duration.ofSeconds(60))
                .until(() -> markers().contains("observed-AlwaysFinalStartupEntry-final-startup"));
        BackgroundTaskResult second = launch().run();
        assertEquals(1, second.exitCode(), second::toString);
        assertTrue(second.stderrText().contains("already running"), second::toString);
        BackgroundTaskResult stopped = app.signal("TERM").await();
        assertEquals(143, stopped.exitCode(), stopped::toString);
        assertTrue(markers().contains("observed-AlwaysQuitEntry-quit-application"), "quit-application notified");
    }
}
