package dev.backgroundtasks.itests;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.backgroundtasks.testing.BackgroundTaskResult;
import dev.backgroundtasks.testing.BackgroundTaskRun;
import dev.backgroundtasks.testing.RunningTask;
import dev.backgroundtasks.testing.TaskInstallation;
import dev.backgroundtasks.testing.WithInstallation;

/**
 * The run history (docs/reference/environment.md): every run that got as far as a task name appends one JSON line to
 * {@code history.jsonl} in the installation's folder of the data directory, never changing the run.
 */
@WithInstallation(testingTasks = true)
class RunHistoryIT {
    static final Set<String> KEYS = Set.of("task", "start", "end", "durationMs", "exitCode", "exitName", "host",
            "version", "pid", "profile", "reason", "warm");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();

    @TempDir
    Path tmp;

    /** A launch with a private TMPDIR and data directory. */
    BackgroundTaskRun launch(String... args) {
        return BackgroundTaskRun.launcher(args).tmpdir(tmp).env("BACKGROUNDTASKS_DATA_DIR", data().toString());
    }

    Path data() {
        return tmp.resolve("data");
    }

    /** The one installation folder of the data directory. */
    static Path folder(Path data) {
        try (var s = Files.list(data)) {
            List<Path> folders = s.filter(p -> p.getFileName().toString().startsWith("installation-")).toList();
            assertEquals(1, folders.size(), folders::toString);
            return folders.get(0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every line of the history, each parsed (a line that does not parse fails the test). */
    static List<JsonNode> history(Path data) {
        try {
            List<JsonNode> runs = new ArrayList<>();
            for (String line : Files.readAllLines(folder(data).resolve("history.jsonl"), StandardCharsets.UTF_8)) {
                JsonNode run = JSON.readTree(line);
                Set<String> keys = new java.util.HashSet<>();
                run.fieldNames().forEachRemaining(keys::add);
                assertEquals(KEYS, keys, line);
                runs.add(run);
            }
            return runs;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode last(Path data) {
        List<JsonNode> runs = history(data);
        assertFalse(runs.isEmpty());
        return runs.get(runs.size() - 1);
    }

    private static void assertRun(JsonNode run, String task, int code, String name, String profile) {
        assertEquals(task, run.get("task").asText(), run::toString);
        assertEquals(code, run.get("exitCode").asInt(), run::toString);
        assertEquals(name, run.get("exitName").asText(), run::toString);
        if (profile == null) {
            assertTrue(run.get("profile").isNull(), run::toString);
        } else {
            assertEquals(profile, run.get("profile").asText(), run::toString);
        }
        Instant start = Instant.parse(run.get("start").asText());
        Instant end = Instant.parse(run.get("end").asText());
        assertTrue(run.get("start").asText().endsWith("Z") && !end.isBefore(start), run::toString);
        assertEquals(Duration.between(start, end).toMillis(), run.get("durationMs").asLong(), 1, run::toString);
        assertTrue(run.get("pid").asLong() > 0, run::toString);
        assertEquals(Fixtures.VERSION, run.get("version").asText(), run::toString);
        assertFalse(run.get("host").asText().isEmpty(), run::toString);
    }

    @Test
    void eachRunAppendsOneLineWithItsOutcome() throws Exception {
        BackgroundTaskResult ok = launch("--backgroundtask", "success").run();
        assertEquals(0, ok.exitCode(), ok::toString);
        JsonNode run = last(data());
        assertRun(run, "success", 0, "SUCCESS", "ephemeral");
        assertTrue(run.get("reason").isNull(), run::toString);
        assertEquals(1, history(data()).size());

        BackgroundTaskResult code = launch("--backgroundtask", "exitcode", "42").run();
        assertEquals(42, code.exitCode(), code::toString);
        assertRun(last(data()), "exitcode", 42, "TASK", "ephemeral");

        BackgroundTaskResult missing = launch("--backgroundtask", "nosuchtask").run();
        assertEquals(2, missing.exitCode(), missing::toString);
        run = last(data());
        assertRun(run, "nosuchtask", 2, "NOT_FOUND", null);
        assertTrue(run.get("reason").asText().startsWith("no background task named 'nosuchtask'"), run::toString);

        BackgroundTaskResult timeout = launch("--backgroundtask", "timeout").run();
        assertEquals(4, timeout.exitCode(), timeout::toString);
        run = last(data());
        assertRun(run, "timeout", 4, "TIMEOUT", "ephemeral");
        assertTrue(run.get("reason").asText().contains("timed out"), run::toString);

        BackgroundTaskResult thrown = launch("--backgroundtask", "exception").run();
        assertEquals(3, thrown.exitCode(), thrown::toString);
        run = last(data());
        assertRun(run, "exception", 3, "EXCEPTION", "ephemeral");
        assertFalse(run.get("reason").asText().contains("\n"), "the first line only: " + run);
        assertTrue(run.get("reason").asText().contains("IllegalStateException"), run::toString);

        BackgroundTaskResult explicit = launch("--backgroundtask", "success",
                "--profile", tmp.resolve("explicit").toString()).run();
        assertEquals(0, explicit.exitCode(), explicit::toString);
        assertRun(last(data()), "success", 0, "SUCCESS", "explicit");

        BackgroundTaskResult persistent = launch("--backgroundtask", "not_ephemeral_profile", "test.pref", "7").run();
        assertEquals(0, persistent.exitCode(), persistent::toString);
        assertRun(last(data()), "not_ephemeral_profile", 0, "SUCCESS", "persistent");

        assertEquals(7, history(data()).size(), "one line per run");
        assertEquals(Set.of(), leftovers(data()), "no temporary files");
    }

    @Test
    void aLoadFailureIsRecordedWithItsReason(TaskInstallation installation) {
        TaskInstallation app = installation.copy();
        app.drop(Fixtures.fixture("dev.backgroundtasks.testing.fixture.unresolvable"), app.appTasks(), "unresolvable.jar");
        BackgroundTaskResult r = launch("--backgroundtask", "unresolvable").in(app).run();
        assertEquals(5, r.exitCode(), r::toString);
        JsonNode run = last(data());
        assertRun(run, "unresolvable", 5, "LOAD_FAILED", "ephemeral");
        assertTrue(run.get("reason").asText().contains("failed to load"), run::toString);
        assertTrue(r.stderrText().contains(run.get("reason").asText()), "the reason is the line printed: " + r);
    }

    @Test
    void sigtermIsRecordedAsSignal() throws Exception {
        Path record = tmp.resolve("shutdown-record");
        try (RunningTask p = launch("--backgroundtask", "wait", "120", record.toString()).start()) {
            // the task writes its record once it runs, after the launcher installed its signal handlers
            await("the run started").atMost(Duration.ofSeconds(60)).until(() -> {
                assertTrue(p.isAlive(), "the run is alive");
                return Files.exists(record);
            });
            BackgroundTaskResult r = p.signal("TERM").await(Duration.ofSeconds(60));
            assertEquals(143, r.exitCode(), r::toString);
        }
        JsonNode run = last(data());
        assertRun(run, "wait", 143, "SIGNAL", "ephemeral");
    }

    @Test
    void aRunTheWatchdogHaltsIsRecordedBeforeTheHalt() {
        BackgroundTaskResult r = launch("--backgroundtask", "hang_on_stop",
                "--pref", "toolkit.backgroundtasks.shutdownTimeoutSec=2").timeout(Duration.ofSeconds(120)).run();
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.stderrText().contains("halting with exit code 0"), "the watchdog halted it: " + r);
        assertRun(last(data()), "hang_on_stop", 0, "SUCCESS", "ephemeral");
        assertEquals(1, history(data()).size());
    }

    @Test
    void aNoOutputTaskPrintsNothingExtra() {
        BackgroundTaskResult r = launch("--backgroundtask", "no_output").run();
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals(List.of(), r.stdout(), r::toString);
        assertEquals(List.of(), r.stderr(), r::toString);
        assertRun(last(data()), "no_output", 0, "SUCCESS", "ephemeral");
    }

    @Test
    void twentyConcurrentRunsLoseNoLine() {
        Path metrics = tmp.resolve("metrics");
        mkdirs(metrics);
        List<RunningTask> runs = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            runs.add(launch("--backgroundtask", "success").env("BACKGROUNDTASKS_METRICS_DIR", metrics.toString())
                    .timeout(Duration.ofMinutes(5)).start());
        }
        int metricsSkipped = 0;
        for (RunningTask p : runs) {
            BackgroundTaskResult r = p.await();
            assertEquals(0, r.exitCode(), r::toString);
            assertFalse(r.stderrText().contains("the run history"), r::toString);
            // a run never waits more than 10 s for the metrics file's lock: on an overloaded machine a run
            // may skip it, and says so; no count is lost otherwise
            metricsSkipped += r.stderr().stream().filter(l -> l.contains(" WARN backgroundtasks: the metrics file")
                    && l.contains("its lock is held by another process")).count();
        }
        List<JsonNode> lines = history(data());
        assertEquals(20, lines.size());
        assertEquals(20, lines.stream().map(l -> l.get("pid").asLong()).distinct().count(), "one line per process");
        String prom = read(metrics.resolve("backgroundtasks-success.prom"));
        assertEquals(Integer.toString(20 - metricsSkipped), MetricsIT.sample(prom, "backgroundtasks_runs_total",
                ",exit=\"SUCCESS\""), prom);
        MetricsIT.assertPromtoolAccepts(metrics.resolve("backgroundtasks-success.prom"));
        assertEquals(Set.of(), leftovers(metrics), "no temporary files");
    }

    @Test
    void theHistoryRotatesToOneOlderGeneration() throws IOException {
        // a line is about 225 bytes: the third run rotates the first two to history.jsonl.1
        for (int i = 0; i < 3; i++) {
            BackgroundTaskResult r = launch("--backgroundtask", "exitcode", Integer.toString(11 + i))
                    .env("JDK_JAVA_OPTIONS", "-Dbackgroundtasks.history.maxBytes=500").run();
            assertEquals(11 + i, r.exitCode(), r::toString);
        }
        Path folder = folder(data());
        List<String> rotated = Files.readAllLines(folder.resolve("history.jsonl.1"));
        assertEquals(2, rotated.size(), rotated::toString);
        assertTrue(rotated.get(0).contains("\"exitCode\":11") && rotated.get(1).contains("\"exitCode\":12"), rotated::toString);
        List<JsonNode> current = history(data());
        assertEquals(1, current.size());
        assertEquals(13, current.get(0).get("exitCode").asInt());
        assertTrue(Files.size(folder.resolve("history.jsonl.1")) <= 500);
        // the next rotation replaces the older generation: one is kept
        for (int i = 0; i < 3; i++) {
            assertEquals(14 + i, launch("--backgroundtask", "exitcode", Integer.toString(14 + i))
                    .env("JDK_JAVA_OPTIONS", "-Dbackgroundtasks.history.maxBytes=500").run().exitCode());
        }
        rotated = Files.readAllLines(folder.resolve("history.jsonl.1"));
        assertTrue(rotated.get(0).contains("\"exitCode\":13"), rotated::toString);
        assertEquals(Set.of(), leftovers(data()));
    }

    @Test
    void aHistoryThatIsADirectoryIsAWarningAndTheExitCodeStands() throws IOException {
        Path folder = createFolder();
        Files.createDirectory(folder.resolve("history.jsonl"));
        assertWarnsOnce(launch("--backgroundtask", "exitcode", "42"), 42);
        assertTrue(Files.isDirectory(folder.resolve("history.jsonl"), LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void aPlantedLinkIsNeverFollowed() throws IOException {
        Path folder = createFolder();
        Path target = tmp.resolve("precious.txt");
        Files.writeString(target, "precious\n");
        Files.createSymbolicLink(folder.resolve("history.jsonl"), target);
        assertWarnsOnce(launch("--backgroundtask", "success"), 0);
        assertEquals("precious\n", Files.readString(target), "the link's target is untouched");
        assertTrue(Files.isSymbolicLink(folder.resolve("history.jsonl")));

        // a link in place of the installation's folder is refused as well
        Path elsewhere = Files.createDirectory(tmp.resolve("elsewhere"));
        Path moved = tmp.resolve("moved");
        Files.move(folder, moved);
        Files.createSymbolicLink(folder, elsewhere);
        assertWarnsOnce(launch("--backgroundtask", "exitcode", "12"), 12);
        assertEquals(List.of(), list(elsewhere), "nothing written through the link");
    }

    @Test
    void aReadOnlyFolderIsAWarningAndTheExitCodeStands(TaskInstallation installation) throws Exception {
        Path folder = createFolder();
        BackgroundTaskRun launch;
        if (isRoot()) {
            // root writes anywhere: run as nobody in a folder nobody cannot write
            for (Path p : List.of(tmp, data())) {
                Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
            Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxr-xr-x"));
            Path work = Files.createDirectory(tmp.resolve("work"));
            Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwxrwxrwx"));
            Path asNobody = script(tmp.resolve("java-as-nobody"),
                    "exec setpriv --reuid=65534 --regid=65534 --clear-groups " + JAVA + " \"$@\"");
            // the kit's installation folder is private to root: nobody reads launcher.jar through it
            Files.setPosixFilePermissions(installation.path().getParent(), PosixFilePermissions.fromString("rwxr-xr-x"));
            launch = BackgroundTaskRun.launcher().tmpdir(work)
                    .env("BACKGROUNDTASKS_RUNTIME_DIR", work.resolve("runtime").toString())
                    .env("BACKGROUNDTASKS_DATA_DIR", data().toString()).java(asNobody);
        } else {
            Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("r-xr-xr-x"));
            launch = launch();
        }
        assertWarnsOnce(launch.args("--backgroundtask", "exitcode", "42"), 42);
        assertEquals(List.of(), list(folder), "nothing written");
    }

    @Test
    void aFullDiskIsAWarningAndTheExitCodeStands() throws Exception {
        Path folder = createFolder();
        // a full 16 KiB tmpfs mounted on the installation's folder, in a mount namespace of the run alone
        Assumptions.assumeTrue(isRoot() && new ProcessBuilder("unshare", "-m", "true").start().waitFor() == 0,
                "needs root and mount namespaces");
        Path fullDisk = script(tmp.resolve("java-on-a-full-disk"), "exec unshare -m --propagation private sh -c '"
                + "mount -t tmpfs -o size=16k tmpfs \"$1\" || exit 99; dd if=/dev/zero of=\"$1/fill\" bs=4k count=8 2>/dev/null;"
                + " shift; exec \"$0\" \"$@\"' " + JAVA + " " + folder + " \"$@\"");
        BackgroundTaskResult r = assertWarnsOnce(launch("--backgroundtask", "exitcode", "42")
                .java(fullDisk), 42);
        assertTrue(r.stderrText().contains("No space left on device"), r::toString);
    }

    /** A shell script used in place of the java executable: it runs java its way. */
    private static Path script(Path file, String body) throws IOException {
        Files.writeString(file, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
    }

    /** The installation's folder, made by a run of a task that does not exist (the quickest run). */
    private Path createFolder() throws IOException {
        assertEquals(2, launch("--backgroundtask", "nosuchtask").run().exitCode());
        Path folder = folder(data());
        for (Path p : list(folder)) {
            Files.delete(p);
        }
        return folder;
    }

    /** Runs launch: it ends with code all the same, and one warning line says the history was not written. */
    static BackgroundTaskResult assertWarnsOnce(BackgroundTaskRun launch, int code) {
        BackgroundTaskResult r = launch.run();
        assertEquals(code, r.exitCode(), r::toString);
        assertOneWarning(r, "the run history");
        return r;
    }

    static void assertOneWarning(BackgroundTaskResult r, String what) {
        long warnings = r.stderr().stream().filter(l -> l.contains(" WARN backgroundtasks: " + what)).count();
        assertEquals(1, warnings, r::toString);
    }

    static boolean isRoot() throws Exception {
        Process id = new ProcessBuilder("id", "-u").start();
        String uid = new String(id.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertTrue(id.waitFor(10, TimeUnit.SECONDS));
        return uid.equals("0");
    }

    static List<Path> list(Path dir) {
        try (var s = Files.list(dir)) {
            return s.sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Temporary files anywhere under dir. */
    static Set<Path> leftovers(Path dir) {
        try (var s = Files.walk(dir)) {
            return Set.copyOf(s.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void mkdirs(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
