package dev.backgroundtasks.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.backgroundtasks.testing.BackgroundTaskResult;
import dev.backgroundtasks.testing.BackgroundTaskRun;
import dev.backgroundtasks.testing.TaskInstallation;
import dev.backgroundtasks.testing.WithInstallation;

/** --detach and BackgroundTasksRunner (docs/reference/processes.md) start the task's own JVM in its own session. */
@WithInstallation(testingTasks = true)
class DetachedProcessesIT {
    static final List<String> AWKWARD = List.of("", "with space", "quote\"s and 'single'", "new\nline", "ümlaut ✓ 日本",
            "-dash", "--pref", "$(touch /tmp/pwned)", "`id`", "*", "a=b", "--");

    @TempDir
    Path tmp;

    /** Detached children of a test end before JUnit removes the folder they write into. */
    @AfterEach
    void detachedChildrenEnded() {
        Fixtures.awaitNoProcessIn(tmp);
    }

    static List<String> readArgs(Path file) throws Exception {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        List<String> args = new ArrayList<>();
        int i = 0;
        while (i < bytes.length) {
            int colon = i;
            while (bytes[colon] != ':') {
                colon++;
            }
            int length = Integer.parseInt(new String(bytes, i, colon - i, StandardCharsets.US_ASCII));
            args.add(new String(bytes, colon + 1, length, StandardCharsets.UTF_8));
            i = colon + 1 + length + 1;
        }
        return args;
    }

    static Path await(Path file) {
        Awaitility.await("the detached task wrote " + file).atMost(Duration.ofSeconds(60)).until(() -> Files.exists(file));
        return file;
    }

    @Test
    void detachPrintsTheChildJvmPidAndReturnsAtOnceWithArgumentsVerbatim() throws Exception {
        Path out = tmp.resolve("args");
        List<String> line = new ArrayList<>(List.of("--detach", "--backgroundtask", "write_args", "--", out.toString()));
        line.addAll(AWKWARD);
        BackgroundTaskResult r = BackgroundTaskRun.launcher().tmpdir(tmp).args(line.toArray(String[]::new)).run();
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals(1, r.stdout().size(), r::toString);
        long pid = Long.parseLong(r.stdout().get(0));
        ProcessHandle.of(pid).ifPresent(h -> assertTrue(h.info().command().orElse("java").endsWith("java"),
                "the pid is the task's JVM, not a wrapper"));
        assertEquals(AWKWARD, readArgs(await(out)));
        assertTrue(!Files.exists(Path.of("/tmp/pwned")), "no shell ever ran the arguments");
    }

    @Test
    void runInDetachedProcessRoundTripsArgumentsAndTheChildOutlivesTheParent() throws Exception {
        Path out = tmp.resolve("args");
        List<String> line = new ArrayList<>(List.of("--backgroundtask", "run_detached", "--", "write_args", out.toString()));
        line.addAll(AWKWARD);
        BackgroundTaskResult r = BackgroundTaskRun.launcher().tmpdir(tmp).args(line.toArray(String[]::new)).run();
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals(AWKWARD, readArgs(await(out)));
    }

    @Test
    void underThePosixLocaleTheParentPassesArgumentsSafelyAndWarnsAboutItsOwnCommandLine() throws Exception {
        Path out = tmp.resolve("args");
        BackgroundTaskResult r = BackgroundTaskRun.launcher().tmpdir(tmp).env("LC_ALL", "C").env("LANG", "C")
                .args("--backgroundtask", "run_detached", "--", "--unescape", "write_args", out.toString(),
                        "\\u00fcmlaut \\u2713", "", "plain").run();
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.stderrText().contains("not UTF-8"), r::toString);
        assertEquals(List.of("\u00fcmlaut \u2713", "", "plain"), readArgs(await(out)));
    }

    @Test
    void aDetachedRemoveDirectoryOutlivesItsParent() throws Exception {
        Path parent = Files.createDirectories(tmp.resolve("parent"));
        Path child = Files.createDirectories(parent.resolve("cache2/entries"));
        Files.writeString(child.resolve("x"), "x");
        BackgroundTaskResult r = BackgroundTaskRun.launcher().tmpdir(tmp).env("BACKGROUNDTASKS_TESTING_DIR", null)
                .args("--detach", "--backgroundtask", "removeDirectory", "--", parent.toString(), "cache2", "5",
                        "--test-sleep", "2000").run();
        assertEquals(0, r.exitCode(), r::toString);
        long pid = Long.parseLong(r.stdout().get(0));
        assertTrue(Files.exists(parent.resolve("cache2")), "the parent returned before the child removed anything");
        Awaitility.await("the detached child removed the directory").atMost(Duration.ofSeconds(60))
                .until(() -> !Files.exists(parent.resolve("cache2")));
        assertTrue(Files.isDirectory(parent), "never the parent");
        assertTrue(pid > 0);
    }

    @Test
    void detachChecksTheTaskBeforeStartingAnything(TaskInstallation installation) {
        BackgroundTaskResult missing = BackgroundTaskRun.launcher().tmpdir(tmp).args("--detach", "--backgroundtask", "nope").run();
        assertEquals(2, missing.exitCode(), missing::toString);
        TaskInstallation inst = installation.copy();
        inst.drop(Fixtures.fixture("dev.backgroundtasks.testing.fixture.unresolvable"), inst.appTasks(), "unresolvable.jar");
        BackgroundTaskResult broken = BackgroundTaskRun.launcher().in(inst).tmpdir(tmp).args("--detach", "--backgroundtask", "unresolvable").run();
        assertEquals(5, broken.exitCode(), broken::toString);
        assertTrue(broken.stderrText().contains("com.example.nonexistent"), broken::toString);
    }
}
