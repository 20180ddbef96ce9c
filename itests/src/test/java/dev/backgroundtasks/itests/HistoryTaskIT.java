package dev.backgroundtasks.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.backgroundtasks.testing.BackgroundTaskResult;
import dev.backgroundtasks.testing.BackgroundTaskRun;
import dev.backgroundtasks.testing.WithInstallation;

/** The history task: {@code --backgroundtask history [TASK] [--limit N] [--json]}. */
@WithInstallation(testingTasks = true)
class HistoryTaskIT {
    @TempDir
    Path tmp;

    BackgroundTaskResult history(String... args) {
        List<String> all = new java.util.ArrayList<>(List.of("--backgroundtask", "history"));
        all.addAll(List.of(args));
        return BackgroundTaskRun.launcher().tmpdir(tmp).env("BACKGROUNDTASKS_DATA_DIR", tmp.resolve("data").toString())
                .args(all.toArray(String[]::new)).run();
    }

    static String line(String task, int code, String name, String reason) {
        return "{\"task\":\"" + task + "\",\"start\":\"2026-01-0" + code % 10 + "T10:00:00.000Z\",\"end\":\"2026-01-0"
                + code % 10 + "T10:00:01.500Z\",\"durationMs\":1500,\"exitCode\":" + code + ",\"exitName\":\"" + name
                + "\",\"host\":\"h\",\"version\":\"1\",\"pid\":" + (1000 + code) + ",\"profile\":\"ephemeral\",\"reason\":"
                + reason + "}";
    }

    @Test
    void showsTheLastRunsAndTheCountsByExitName() throws Exception {
        BackgroundTaskResult empty = history();
        assertEquals(0, empty.exitCode(), empty::toString);
        assertTrue(empty.stdoutText().startsWith("no runs recorded in "), empty::toString);
        Path file = Path.of(empty.stdoutText().substring("no runs recorded in ".length()));
        assertEquals("history.jsonl", file.getFileName().toString());
        assertTrue(file.getParent().startsWith(tmp.resolve("data")), "in the data directory: " + file);

        // the empty run's own line is first; then alpha and beta, one malformed line, one rotated away
        List<String> older = List.of(line("alpha", 1, "FAILURE", "\"the \\\"first\\\" one\""));
        Files.write(file.resolveSibling("history.jsonl.1"), older, StandardCharsets.UTF_8);
        List<String> lines = List.of(line("alpha", 0, "SUCCESS", "null"), line("beta", 4, "TIMEOUT", "\"timed out\""),
                "{not json", line("alpha", 42, "TASK", "null"), line("alpha", 3, "EXCEPTION", "\"boom \\u00e9\""));
        Files.write(file, lines, StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);

        BackgroundTaskResult table = history();
        assertEquals(0, table.exitCode(), table::toString);
        List<String> out = table.stdout();
        assertTrue(out.get(0).matches("START +TASK +EXIT +NAME +DURATION +PROFILE +REASON"), table::toString);
        assertTrue(out.stream().anyMatch(l -> l.matches("2026-01-03T10:00:00.000Z +alpha +3 +EXCEPTION +1500 ms +ephemeral +boom é")),
                table::toString);
        assertTrue(out.stream().anyMatch(l -> l.matches(".* +alpha +1 +FAILURE .*the \"first\" one")), table::toString);
        assertTrue(out.contains("  alpha: EXCEPTION=1 FAILURE=1 SUCCESS=1 TASK=1"), table::toString);
        assertTrue(out.contains("  beta: TIMEOUT=1"), table::toString);
        assertTrue(out.contains("  history: SUCCESS=1"), table::toString);
        assertTrue(table.stderrText().contains("history: skipped 1 malformed line(s)"), table::toString);

        BackgroundTaskResult alpha = history("alpha", "--limit", "2");
        assertEquals(0, alpha.exitCode(), alpha::toString);
        List<String> rows = alpha.stdout().subList(1, alpha.stdout().indexOf(""));
        assertEquals(2, rows.size(), alpha::toString);
        assertTrue(rows.get(0).contains(" 42 ") && rows.get(1).contains(" EXCEPTION "), alpha::toString);
        assertTrue(alpha.stdoutText().contains("runs by exit name (4 recorded):"), alpha::toString);
        assertFalse(alpha.stdoutText().contains("beta"), alpha::toString);

        BackgroundTaskResult json = history("--json", "--limit=3", "alpha");
        assertEquals(0, json.exitCode(), json::toString);
        assertEquals(List.of(lines.get(0), lines.get(3), lines.get(4)), json.stdout(), json::toString);

        BackgroundTaskResult none = history("gamma");
        assertEquals(0, none.exitCode(), none::toString);
        assertTrue(none.stdoutText().startsWith("no runs recorded of task 'gamma' in "), none::toString);
    }

    @Test
    void aBadCommandLineExitsElevenWithTheUsage() {
        for (List<String> bad : List.of(List.of("--limit"), List.of("--limit", "x"), List.of("--limit=0"),
                List.of("--bogus"), List.of("alpha", "beta"))) {
            BackgroundTaskResult r = history(bad.toArray(String[]::new));
            assertEquals(11, r.exitCode(), r::toString);
            assertTrue(r.stderrText().contains("usage: --backgroundtask history [TASK] [--limit N] [--json]"), r::toString);
            assertEquals("", r.stdoutText(), r::toString);
        }
    }
}
