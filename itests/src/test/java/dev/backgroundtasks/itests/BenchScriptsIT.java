package dev.backgroundtasks.itests;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The bench scripts are not run by the build (they measure, on a quiet machine). This keeps every one of
 * them at least readable by bash: a shared function moved to {@code common.sh} once left
 * {@code compare.sh} with a stray line that no run noticed.
 */
class BenchScriptsIT {
    @Test
    void everyBenchScriptParses() throws Exception {
        Path bench = Path.of("..", "bench").toAbsolutePath().normalize();
        List<Path> scripts;
        try (Stream<Path> all = Files.walk(bench)) {
            scripts = all.filter(p -> p.getFileName().toString().endsWith(".sh")).sorted().toList();
        }
        assertTrue(scripts.size() >= 5, "bench scripts under " + bench + ": " + scripts);
        for (Path script : scripts) {
            Process bash = new ProcessBuilder("bash", "-n", script.toString()).redirectErrorStream(true).start();
            String output = new String(bash.getInputStream().readAllBytes(), UTF_8);
            assertTrue(bash.waitFor(60, SECONDS), script + " did not finish");
            assertEquals(0, bash.exitValue(), script + ": " + output);
            assertFalse(output.contains("syntax error"), script + ": " + output);
        }
    }
}
