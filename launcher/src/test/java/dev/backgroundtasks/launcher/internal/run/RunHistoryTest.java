package dev.backgroundtasks.launcher.internal.run;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.backgroundtasks.launcher.internal.cli.LaunchRequest;
import dev.backgroundtasks.launcher.internal.files.Installation;
import dev.backgroundtasks.launcher.internal.files.SafeFiles;
import dev.backgroundtasks.launcher.internal.output.Console;

class RunHistoryTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    static RunHistory.Run run(String task, int code, String reason) {
        Instant start = Instant.parse("2026-12-06T08:00:00.123Z");
        return new RunHistory.Run(task, start, start.plusMillis(1500), 1500, code, "host", "1.0.0", 42, "ephemeral", reason, false);
    }

    @ParameterizedTest
    @ValueSource(strings = {"plain", "a \"quoted\" word", "back\\slash", "new\nline\r\ttab", "\u0000\u0001\u001f\u007f",
        "non-ASCII: é ü 漢字 😀", "separators \u2028 \u2029", "lone \ud800 surrogate", "lone \udc00 low", "</script>"})
    void reasonsSurviveARealJsonParser(String reason) throws IOException {
        String line = run("task", 3, reason).json();
        assertTrue(line.endsWith("}\n") && line.indexOf('\n') == line.length() - 1, "one line: " + line);
        JsonNode parsed = JSON.readTree(new String(line.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8));
        assertEquals(reason, parsed.get("reason").asText());
    }

    @Test
    void keysAndTypes() throws IOException {
        JsonNode parsed = JSON.readTree(run("task", 143, null).json());
        List<String> keys = new java.util.ArrayList<>();
        parsed.fieldNames().forEachRemaining(keys::add);
        assertEquals(List.of("task", "start", "end", "durationMs", "exitCode", "exitName", "host", "version", "pid",
                "profile", "reason", "warm"), keys);
        assertTrue(parsed.get("warm").isBoolean() && !parsed.get("warm").asBoolean(), "a cold run");
        assertEquals("2026-12-06T08:00:00.123Z", parsed.get("start").asText());
        assertEquals("2026-12-06T08:00:01.623Z", parsed.get("end").asText());
        assertEquals(1500, parsed.get("durationMs").asLong());
        assertEquals("SIGNAL", parsed.get("exitName").asText());
        assertTrue(parsed.get("reason").isNull());
    }

    @Test
    void rotatesBeforePassingTheLimitAndKeepsOneGeneration() throws IOException {
        Path folder = tmp.resolve("installation-x");
        byte[] line = run("task", 0, null).json().getBytes(StandardCharsets.UTF_8);
        long max = 2L * line.length + 10;
        for (int i = 0; i < 5; i++) {
            RunHistory.appendOrFail(folder, line, max);
        }
        // 2 + 2 rotated away (the first pair overwritten), 1 current
        assertEquals(2, Files.readAllLines(folder.resolve(RunHistory.ROTATED)).size());
        assertEquals(1, Files.readAllLines(folder.resolve(RunHistory.FILE)).size());
        assertTrue(Files.size(folder.resolve(RunHistory.FILE)) <= max);
    }

    @Test
    void refusesALinkedFolderAndALinkedFile() throws IOException {
        Path real = Files.createDirectory(tmp.resolve("real"));
        Path linked = Files.createSymbolicLink(tmp.resolve("linked"), real);
        byte[] line = "{}\n".getBytes(StandardCharsets.UTF_8);
        assertThrows(IOException.class, () -> RunHistory.appendOrFail(linked, line, 1000));
        assertEquals(List.of(), Files.list(real).toList());

        Path folder = Files.createDirectory(tmp.resolve("folder"));
        Path target = Files.writeString(tmp.resolve("target"), "kept");
        Files.createSymbolicLink(folder.resolve(RunHistory.FILE), target);
        assertThrows(IOException.class, () -> RunHistory.appendOrFail(folder, line, 1000));
        assertEquals("kept", Files.readString(target));
    }

    @Test
    void metricsContinueTheCountsAndKeepOtherInstallations() throws IOException {
        RunMetrics.writeOrFail(tmp, "aaaa", run("task", 0, null));
        RunMetrics.writeOrFail(tmp, "bbbb", run("task", 4, null));
        RunMetrics.writeOrFail(tmp, "aaaa", run("task", 0, null));
        RunMetrics.writeOrFail(tmp, "aaaa", run("task", 42, null));
        String prom = Files.readString(RunMetrics.file(tmp, "task"));
        assertTrue(prom.contains("backgroundtasks_runs_total{task=\"task\",installation=\"aaaa\",exit=\"SUCCESS\"} 2\n"), prom);
        assertTrue(prom.contains("backgroundtasks_runs_total{task=\"task\",installation=\"aaaa\",exit=\"TASK\"} 1\n"), prom);
        assertTrue(prom.contains("backgroundtasks_runs_total{task=\"task\",installation=\"bbbb\",exit=\"TIMEOUT\"} 1\n"), prom);
        assertTrue(prom.contains("backgroundtasks_last_exit_code{task=\"task\",installation=\"aaaa\"} 42\n"), prom);
        assertTrue(prom.contains("backgroundtasks_last_exit_code{task=\"task\",installation=\"bbbb\"} 4\n"), prom);
        assertTrue(prom.contains("backgroundtasks_last_run_duration_seconds{task=\"task\",installation=\"aaaa\"} 1.500\n"), prom);
        assertTrue(prom.contains("backgroundtasks_last_run_start_timestamp_seconds{task=\"task\",installation=\"aaaa\"} "
                + "1796544000.123\n"), prom);
        assertFalse(Files.list(tmp).anyMatch(p -> p.toString().endsWith(".tmp")));
    }

    @Test
    void isoTimesAreInstantsToStringToTheMillisecond() {
        java.util.Random random = new java.util.Random(16);
        for (int i = 0; i < 10_000; i++) {
            Instant t = Instant.ofEpochMilli(Math.floorMod(random.nextLong(), 253_402_300_799_999L)).plusNanos(random.nextInt(1_000_000));
            Instant millis = t.truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
            String expected = millis.toString();
            if (millis.getNano() % 1_000_000_000 == 0) {
                expected = expected.replace("Z", ".000Z");
            } else if (expected.length() > 24 && expected.charAt(19) == '.') {
                expected = expected.substring(0, 23) + "Z";
            }
            assertEquals(expected, RunHistory.iso(t), t::toString);
        }
        assertEquals("1970-01-01T00:00:00.000Z", RunHistory.iso(Instant.EPOCH));
        assertEquals("2026-12-06T08:00:00.123Z", RunHistory.iso(Instant.parse("2026-12-06T08:00:00.123456Z")));
    }

    /**
     * The watchdog and the main thread reach the shutdown deadline together: whichever records the run,
     * the other must not go on (to its halt or its exit) before the line is written. Here another process
     * holds the history's lock, so the main thread's record waits for it, and the watchdog's call must wait
     * for that record instead of returning (and halting) at once.
     */
    @Test
    void theWatchdogWaitsForARecordInProgressBeforeItHalts() throws Exception {
        Path data = Files.createDirectory(tmp.resolve("data"));
        Installation installation = new Installation(Files.createDirectory(tmp.resolve("installation")));
        Path folder = RunHistory.folder(Map.of("BACKGROUNDTASKS_DATA_DIR", data.toString()), installation.installHash());
        SafeFiles.ensurePrivateDirectory(folder);
        Process holder = LockHolder.hold(folder.resolve(RunHistory.LOCK));
        try {
            Console console = new Console(new PrintStream(OutputStream.nullOutputStream()),
                    new PrintStream(OutputStream.nullOutputStream()));
            RunHistory history = new RunHistory(Map.of());
            history.found(false);
            LaunchRequest request = new LaunchRequest(LaunchRequest.Action.RUN_TASK, "task", List.of(), false, null,
                    Map.of(), false, false, null, false);
            Thread main = new Thread(() -> history.around(installation,
                    Map.of("BACKGROUNDTASKS_DATA_DIR", data.toString()), console, request, () -> 0));
            main.start();
            // the main thread is in its record, waiting for the lock (a timed wait between tries)
            await().atMost(Duration.ofSeconds(30)).until(() -> main.getState() == Thread.State.TIMED_WAITING);
            Thread watchdog = new Thread(() -> history.halting(0));
            watchdog.start();
            await().atMost(Duration.ofSeconds(30)).until(() -> watchdog.getState() != Thread.State.NEW
                    && watchdog.getState() != Thread.State.RUNNABLE);
            assertFalse(watchdog.getState() == Thread.State.TERMINATED,
                    "halting() returned while the main thread was still recording the run");
            holder.getOutputStream().close();
            assertTrue(holder.waitFor(30, TimeUnit.SECONDS));
            watchdog.join(30_000);
            main.join(30_000);
            assertFalse(watchdog.isAlive() || main.isAlive());
            List<String> lines = Files.readAllLines(folder.resolve(RunHistory.FILE));
            assertEquals(1, lines.size(), lines::toString);
        } finally {
            holder.destroyForcibly().waitFor();
        }
    }

    /** Holds a lock on a file from another JVM until its stdin closes. */
    static final class LockHolder {
        static Process hold(Path file) throws Exception {
            Path classes = Path.of(LockHolder.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", classes.toString(), LockHolder.class.getName(), file.toString())
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            String line = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream(),
                    StandardCharsets.UTF_8)).readLine();
            assertEquals("locked", line);
            return p;
        }

        public static void main(String[] args) throws IOException {
            try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(Path.of(args[0]),
                    java.nio.file.StandardOpenOption.WRITE, java.nio.file.StandardOpenOption.CREATE);
                    java.nio.channels.FileLock lock = channel.lock()) {
                System.out.println("locked");
                System.out.flush();
                System.in.transferTo(OutputStream.nullOutputStream());
            }
        }
    }

    @Test
    void thePidIsThisProcesssId() {
        assertEquals(ProcessHandle.current().pid(), RunHistory.pid());
    }

    @Test
    void firstLineOnly() {
        assertEquals("one", RunHistory.firstLine("one\ntwo"));
        assertEquals(null, RunHistory.firstLine(null));
    }
}
