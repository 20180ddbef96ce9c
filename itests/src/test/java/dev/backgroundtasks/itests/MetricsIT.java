package dev.backgroundtasks.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.backgroundtasks.testing.BackgroundTaskResult;
import dev.backgroundtasks.testing.BackgroundTaskRun;
import dev.backgroundtasks.testing.WithInstallation;

import dev.backgroundtasks.testing.BackgroundTaskResult;
import dev.backgroundtasks.testing.BackgroundTaskRun;
import dev.backgroundtasks.testing.WithInstallation;

/**
 * Metrics (docs/reference/environment.md): with {@code BACKGROUNDTASKS_METRICS_DIR} each run rewrites
 * {@code backgroundtasks-<TASK>.prom}, which {@code promtool check metrics} accepts.
 */
@WithInstallation(testingTasks = true)
class MetricsIT {
    @TempDir
    Path tmp;

    BackgroundTaskRun launch(String... args) {
        return BackgroundTaskRun.launcher().tmpdir(tmp).env("BACKGROUNDTASKS_DATA_DIR", tmp.resolve("data").toString())
                .env("BACKGROUNDTASKS_METRICS_DIR", metrics().toString()).args(args);
    }

    Path metrics() {
        return tmp.resolve("metrics");
    }

    @Test
    void eachRunRewritesItsTasksFile() throws Exception {
        Files.createDirectories(metrics());
        assertEquals(42, launch("--backgroundtask", "exitcode", "42").run().exitCode());
        assertEquals(43, launch("--backgroundtask", "exitcode", "43").run().exitCode());
        assertEquals(3, launch("--backgroundtask", "exception").run().exitCode());
        assertEquals(2, launch("--backgroundtask", "nosuchtask").run().exitCode());
        assertEquals(0, launch("--backgroundtask", "success").run().exitCode());

        String exitcode = Files.readString(metrics().resolve("backgroundtasks-exitcode.prom"));
        assertEquals("43", sample(exitcode, "backgroundtasks_last_exit_code", ""), exitcode);
        assertEquals("2", sample(exitcode, "backgroundtasks_runs_total", ",exit=\"TASK\""), exitcode);
        double start = Double.parseDouble(sample(exitcode, "backgroundtasks_last_run_start_timestamp_seconds", ""));
        double end = Double.parseDouble(sample(exitcode, "backgroundtasks_last_run_end_timestamp_seconds", ""));
        double duration = Double.parseDouble(sample(exitcode, "backgroundtasks_last_run_duration_seconds", ""));
        assertEquals(end - start, duration, 0.002, exitcode);
        assertTrue(Math.abs(System.currentTimeMillis() / 1000.0 - end) < 600, exitcode);
        for (String metric : List.of("backgroundtasks_last_run_start_timestamp_seconds",
                "backgroundtasks_last_run_end_timestamp_seconds", "backgroundtasks_last_run_duration_seconds",
                "backgroundtasks_last_exit_code", "backgroundtasks_runs_total")) {
            assertTrue(exitcode.contains("# HELP " + metric + " "), exitcode);
            assertTrue(exitcode.contains("# TYPE " + metric + (metric.endsWith("_total") ? " counter" : " gauge")), exitcode);
        }
        String missing = Files.readString(metrics().resolve("backgroundtasks-nosuchtask.prom"));
        assertEquals("1", sample(missing, "backgroundtasks_runs_total", ",exit=\"NOT_FOUND\""), missing);
        String thrown = Files.readString(metrics().resolve("backgroundtasks-exception.prom"));
        assertEquals("1", sample(thrown, "backgroundtasks_runs_total", ",exit=\"EXCEPTION\""), thrown);

        List<Path> files = RunHistoryIT.list(metrics()).stream()
                .filter(p -> p.getFileName().toString().endsWith(".prom")).toList();
        assertEquals(4, files.size(), files::toString);
        for (Path file : files) {
            assertPromtoolAccepts(file);
        }
        assertEquals(Set.of(), RunHistoryIT.leftovers(metrics()), "no temporary files");
    }

    @Test
    void aPlantedLinkIsNeitherFollowedNorReplaced() throws Exception {
        Files.createDirectories(metrics());
        Path target = tmp.resolve("precious.txt");
        Files.writeString(target, "precious\n");
        Path link = Files.createSymbolicLink(metrics().resolve("backgroundtasks-success.prom"), target);
        BackgroundTaskResult r = launch("--backgroundtask", "success").run();
        assertEquals(0, r.exitCode(), r::toString);
        RunHistoryIT.assertOneWarning(r, "the metrics file");
        assertTrue(Files.isSymbolicLink(link));
        assertEquals("precious\n", Files.readString(target));
        assertEquals(Set.of(), RunHistoryIT.leftovers(metrics()), "no temporary files");
    }

    @Test
    void aMissingDirectoryIsAWarningAndTheExitCodeStands() {
        BackgroundTaskResult r = launch("--backgroundtask", "exitcode", "42").run();
        assertEquals(42, r.exitCode(), r::toString);
        RunHistoryIT.assertOneWarning(r, "the metrics file");
        assertTrue(!Files.exists(metrics()), "not created");
    }

    /** The value of the one sample of metric for task/installation, with extra labels after them. */
    static String sample(String prom, String metric, String extraLabels) {
        Matcher m = Pattern.compile("(?m)^" + metric + "\\{task=\"[^\"]+\",installation=\"[0-9a-f]{16}\""
                + Pattern.quote(extraLabels) + "\\} (\\S+)$").matcher(prom);
        assertTrue(m.find(), metric + extraLabels + " in\n" + prom);
        String value = m.group(1);
        assertTrue(!m.find(), "one sample of " + metric);
        return value;
    }

    /** {@code promtool check metrics < file} exits 0 with no output; missing promtool fails under CI=true. */
    static void assertPromtoolAccepts(Path file) {
        boolean present = List.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)).stream()
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, "promtool")));
        if (!present) {
            assertTrue(!"true".equals(System.getenv("CI")), "promtool is missing (.ci/install-tools installs it)");
            Assumptions.abort("promtool is not installed");
        }
        try {
            Process p = new ProcessBuilder("promtool", "check", "metrics").redirectInput(file.toFile())
                    .redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "promtool finished");
            assertEquals(0, p.exitValue(), () -> file + ": " + output);
            assertEquals("", output.strip(), file + ": lint findings");
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
