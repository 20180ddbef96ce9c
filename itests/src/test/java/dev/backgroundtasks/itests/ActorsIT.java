package dev.backgroundtasks.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.backgroundtasks.api.FrameworkProperties;
import dev.backgroundtasks.testing.BackgroundTaskResult;
import dev.backgroundtasks.testing.BackgroundTaskRun;
import dev.backgroundtasks.testing.RunningTask;
import dev.backgroundtasks.testing.TaskInstallation;
import dev.backgroundtasks.testing.WithInstallation;

/**
 * The actors (docs/reference/java-api.md, docs/actors.md), across processes and black-box: a normal-mode application serving the fixture
 * protocol of {@code dev.backgroundtasks.testing.fixture.actors} over {@code background.sock}, and
 * background task processes ({@code actors_ping N [TAG]}, {@code actors_hold TAG}) talking to it.
 * The fixture is in both app/bundles/ (the application's parent side) and app/backgroundtasks/ (the
 * tasks). Task exit codes: 11 no application (FAILED_CONSTRUCTOR), 12 ABNORMAL_SHUTDOWN, 13 a wrong
 * reply, 0 success (or, for actors_hold, NORMAL_SHUTDOWN).
 */
@WithInstallation(testingTasks = true, eachTest = true)
class ActorsIT {
    /** Concurrent task processes and requests each: the 20 x 1,000. */
    private static final int PROCESSES = 20;
    private static final int REQUESTS = 1_000;

    @TempDir
    Path tmp;
    Path run;
    Path markers;
    private final List<RunningTask> started = Collections.synchronizedList(new ArrayList<>());

    @BeforeEach
    void installation(TaskInstallation inst) {
        Path fixture = Fixtures.fixture("dev.backgroundtasks.testing.fixture.actors");
        inst.drop(fixture, inst.path().resolve("app/bundles"), "actors-fixture.jar");
        inst.drop(fixture, inst.appTasks(), "actors-fixture.jar");
        run = tmp.resolve("run");
        markers = tmp.resolve("markers");
    }

    @AfterEach
    void killEverythingStarted() {
        started.forEach(RunningTask::close);
    }

    private BackgroundTaskRun launch() {
        return BackgroundTaskRun.launcher().tmpdir(tmp).env("BACKGROUNDTASKS_DATA_DIR", tmp.resolve("data").toString())
                .env("BACKGROUNDTASKS_RUNTIME_DIR", run.toString())
                .env("BACKGROUNDTASKS_TEST_MARKERS", markers.toString())
                .timeout(Duration.ofSeconds(120));
    }

    private Path socket() {
        return run.resolve(dev.backgroundtasks.api.FrameworkProperties.APPLICATION_SOCKET); // the launcher's name for it
    }

    /** Starts normal mode and waits until its socket accepts connections (a stale one does not). */
    private RunningTask application() {
        RunningTask app = launch().start();
        started.add(app);
        await(Duration.ofSeconds(60), () -> !app.isAlive() || answers(socket()),
                () -> "the application did not listen on " + socket() + "\n" + app);
        assertTrue(app.isAlive(), app::toString);
        return app;
    }

    private BackgroundTaskResult task(String... args) {
        List<String> all = new ArrayList<>(List.of("--backgroundtask"));
        all.addAll(List.of(args));
        return launch().args(all.toArray(String[]::new)).run();
    }

    /** Starts {@code actors_hold TAG} and waits until its pair is up (the application answered). */
    private RunningTask hold(String tag) {
        RunningTask task = launch().args("--backgroundtask", "actors_hold", tag).start();
        started.add(task);
        await(Duration.ofSeconds(60), () -> !task.isAlive() || task.stdoutLines().contains("holding"),
                () -> "actors_hold did not get its reply\n" + task);
        assertTrue(task.isAlive(), task::toString);
        return task;
    }

    @Test
    void withoutAnApplicationTheChildFailsAtOnce() {
        assertFalse(Files.exists(socket()));
        BackgroundTaskResult r = task("actors_ping", "1");
        assertEquals(11, r.exitCode(), r::toString);
        assertTrue(r.stderrText().contains("FAILED_CONSTRUCTOR"), r::toString);
        assertTrue(r.wall().toMillis() < 10_000, () -> "not at once: " + r.wall());
    }

    @Test
    void aTaskTalksToTheRunningApplication() throws Exception {
        RunningTask app = application();
        BackgroundTaskResult r = task("actors_ping", "100", "hundred");
        assertEquals(0, r.exitCode(), () -> r + "\napplication:\n" + app);
        assertEquals(List.of("ok 100"), r.stdout(), r::toString);
        // the application's parent got the report over the socket, and saw the child close the pair
        awaitMarker("report-hundred");
        awaitMarker("destroyed-hundred-DELETION");
        assertFalse(Files.exists(markers.resolve("report-hundred-in-process")));
    }

    @Test
    void aDetachedRemoveDirectoryReportsItsOutcomeToTheApplication() throws Exception {
        application();
        Path parent = Files.createDirectories(tmp.resolve("purge-parent"));
        Files.createDirectories(parent.resolve("cache2/sub"));
        BackgroundTaskResult r = launch().args("--detach", "--backgroundtask", "removeDirectory", "--", parent.toString(),
                "cache2", "5").run();
        assertEquals(0, r.exitCode(), r::toString);
        awaitMarker("outcome-removeDirectory-0");
        assertFalse(Files.exists(parent.resolve("cache2")));
        // the detached JVM still records its run in the test's folder: the folder goes once it has exited
        long pid = Long.parseLong(r.stdout().get(0));
        ProcessHandle.of(pid).ifPresent(child -> await(Duration.ofSeconds(60), () -> !child.isAlive(),
                () -> "the detached task " + pid + " did not exit"));
    }

    @Test
    void withoutAnApplicationRemoveDirectoryStillSucceeds() throws Exception {
        Path parent = Files.createDirectories(tmp.resolve("purge-parent"));
        Files.createDirectories(parent.resolve("cache2"));
        BackgroundTaskResult r = task("removeDirectory", parent.toString(), "cache2", "5");
        assertEquals(0, r.exitCode(), r::toString);
        assertFalse(Files.exists(parent.resolve("cache2")));
    }

    @Test
    void concurrentTaskProcessesAllGetCorrectReplies() throws Exception {
        RunningTask app = application();
        long begin = System.nanoTime();
        List<RunningTask> tasks = new ArrayList<>();
        for (int i = 0; i < PROCESSES; i++) {
            RunningTask task = launch().args("--backgroundtask", "actors_ping", Integer.toString(REQUESTS), "c" + i).start();
            started.add(task);
            tasks.add(task);
        }
        List<BackgroundTaskResult> results = new ArrayList<>();
        for (RunningTask task : tasks) {
            results.add(task.await());
        }
        for (BackgroundTaskResult r : results) {
            assertEquals(0, r.exitCode(), () -> r + "\napplication:\n" + app);
            assertEquals(List.of("ok " + REQUESTS), r.stdout(), r::toString);
        }
        for (int i = 0; i < PROCESSES; i++) {
            awaitMarker("report-c" + i);
        }
        System.out.printf("ActorsIT: %d task processes x %d requests in %d ms%n", PROCESSES, REQUESTS,
                (System.nanoTime() - begin) / 1_000_000);
        assertTrue(app.isAlive(), app::toString);
    }

    @Test
    void killingTheApplicationEndsTheTaskAbnormallyAndANewApplicationReplacesTheStaleSocket() throws Exception {
        RunningTask app = application();
        RunningTask task = hold("victim-app");
        app.kill().await(Duration.ofSeconds(10)); // SIGKILL
        long killed = System.nanoTime();
        BackgroundTaskResult held = task.await(Duration.ofSeconds(10)); // the task ends promptly
        long ms = (System.nanoTime() - killed) / 1_000_000;
        assertEquals(12, held.exitCode(), held::toString);
        assertTrue(held.stdout().contains("destroyed ABNORMAL_SHUTDOWN"), held::toString);
        assertTrue(ms < 5_000, () -> "the task took " + ms + " ms to see the application die");

        assertTrue(Files.exists(socket(), LinkOption.NOFOLLOW_LINKS), "kill -9 leaves the socket behind");
        assertFalse(answers(socket()), "a stale socket");
        BackgroundTaskResult stale = task("actors_ping", "1");
        assertEquals(11, stale.exitCode(), stale::toString);

        RunningTask second = application();
        BackgroundTaskResult r = task("actors_ping", "1", "after-restart");
        assertEquals(0, r.exitCode(), () -> r + "\napplication:\n" + second);
        assertEquals(List.of("ok 1"), r.stdout(), r::toString);
    }

    @Test
    void stoppingTheApplicationInOrderEndsTheTaskNormallyAndRemovesTheSocket() throws Exception {
        RunningTask app = application();
        RunningTask task = hold("orderly");
        app.stop().await(Duration.ofSeconds(30)); // SIGTERM
        BackgroundTaskResult held = task.await(Duration.ofSeconds(15));
        assertEquals(0, held.exitCode(), held::toString);
        assertTrue(held.stdout().contains("destroyed NORMAL_SHUTDOWN"), held::toString);
        assertFalse(Files.exists(socket(), LinkOption.NOFOLLOW_LINKS), "the socket is removed at an orderly end");
    }

    @Test
    void killingATaskLeavesTheApplicationServingTheNextOne() throws Exception {
        RunningTask app = application();
        RunningTask task = hold("victim-task");
        awaitMarker("report-victim-task");
        task.kill().await(Duration.ofSeconds(10)); // SIGKILL
        awaitMarker("destroyed-victim-task-ABNORMAL_SHUTDOWN");
        BackgroundTaskResult r = task("actors_ping", "10", "next");
        assertEquals(0, r.exitCode(), () -> r + "\napplication:\n" + app);
        assertEquals(List.of("ok 10"), r.stdout(), r::toString);
        assertTrue(app.isAlive(), app::toString);
    }

    private void awaitMarker(String name) {
        await(Duration.ofSeconds(20), () -> Files.exists(markers.resolve(name)),
                () -> "no marker " + name + " in " + list(markers));
    }

    private static String list(Path dir) {
        try (var s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList().toString();
        } catch (IOException e) {
            return "(" + e + ")";
        }
    }

    private static void await(Duration limit, BooleanSupplier condition, Supplier<String> message) {
        Awaitility.await().atMost(limit).untilAsserted(() -> assertTrue(condition.getAsBoolean(), message));
    }

    /** Whether something accepts connections on the socket, as {@code isApplicationRunning} checks it. */
    private static boolean answers(Path socket) {
        if (!Files.exists(socket, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        try (SocketChannel probe = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            probe.connect(UnixDomainSocketAddress.of(socket));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
