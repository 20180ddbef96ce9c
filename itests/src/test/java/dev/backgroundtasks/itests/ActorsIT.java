package dev.backgroundtasks.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Contract section 9, across processes and black-box: a normal-mode application serving the fixture
 * protocol of {@code dev.backgroundtasks.testing.fixture.actors} over {@code background.sock}, and
 * background task processes ({@code actors_ping N [TAG]}, {@code actors_hold TAG}) talking to it.
 * The fixture is in both app/bundles/ (the application's parent side) and app/backgroundtasks/ (the
 * tasks). Task exit codes: 11 no application (FAILED_CONSTRUCTOR), 12 ABNORMAL_SHUTDOWN, 13 a wrong
 * reply, 0 success (or, for actors_hold, NORMAL_SHUTDOWN).
 */
class ActorsIT {
    /** Concurrent task processes and requests each: the 20 x 1,000. */
    private static final int PROCESSES = 20;
    private static final int REQUESTS = 1_000;

    @TempDir
    Path tmp;
    Path inst;
    Path run;
    Path markers;
    private final List<Running> started = Collections.synchronizedList(new ArrayList<>());

    @BeforeEach
    void installation() {
        inst = Installations.copy(tmp.resolve("inst"));
        Path fixture = Installations.fixture("dev.backgroundtasks.testing.fixture.actors");
        Installations.drop(fixture, inst.resolve("app/bundles"), "actors-fixture.jar");
        Installations.drop(fixture, inst.resolve("app/backgroundtasks"), "actors-fixture.jar");
        run = tmp.resolve("run");
        markers = tmp.resolve("markers");
    }

    @AfterEach
    void killEverythingStarted() throws InterruptedException {
        for (Running r : started) {
            r.process.destroyForcibly();
        }
        for (Running r : started) {
            r.process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private Launch launch() {
        return Launch.in(inst).tmpdir(tmp).env("BACKGROUNDTASKS_DATA_DIR", tmp.resolve("data").toString())
                .env("BACKGROUNDTASKS_RUNTIME_DIR", run.toString())
                .env("BACKGROUNDTASKS_TEST_MARKERS", markers.toString())
                .timeout(Duration.ofSeconds(120));
    }

    private Path socket() {
        return run.resolve(dev.backgroundtasks.api.FrameworkProperties.APPLICATION_SOCKET); // the launcher's name for it
    }

    /** Starts normal mode and waits until its socket accepts connections (a stale one does not). */
    private Running application() throws Exception {
        Running app = Running.start(launch());
        started.add(app);
        await(Duration.ofSeconds(60), () -> !app.process.isAlive() || answers(socket()),
                () -> "the application did not listen on " + socket() + "\n" + app);
        assertTrue(app.process.isAlive(), app::toString);
        return app;
    }

    private Launch.Result task(String... args) {
        List<String> all = new ArrayList<>(List.of("--backgroundtask"));
        all.addAll(List.of(args));
        return launch().args(all.toArray(String[]::new)).run();
    }

    /** Starts {@code actors_hold TAG} and waits until its pair is up (the application answered). */
    private Running hold(String tag) throws Exception {
        Running task = Running.start(launch().args("--backgroundtask", "actors_hold", tag));
        started.add(task);
        await(Duration.ofSeconds(60), () -> !task.process.isAlive() || task.stdout.contains("holding"),
                () -> "actors_hold did not get its reply\n" + task);
        assertTrue(task.process.isAlive(), task::toString);
        return task;
    }

    @Test
    void withoutAnApplicationTheChildFailsAtOnce() {
        assertFalse(Files.exists(socket()));
        Launch.Result r = task("actors_ping", "1");
        assertEquals(11, r.exitCode(), r::toString);
        assertTrue(r.err().contains("FAILED_CONSTRUCTOR"), r::toString);
        assertTrue(r.wall().toMillis() < 10_000, () -> "not at once: " + r.wall());
    }

    @Test
    void aTaskTalksToTheRunningApplication() throws Exception {
        Running app = application();
        Launch.Result r = task("actors_ping", "100", "hundred");
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
        Launch.Result r = launch().args("--detach", "--backgroundtask", "removeDirectory", "--", parent.toString(),
                "cache2", "5").run();
        assertEquals(0, r.exitCode(), r::toString);
        awaitMarker("outcome-removeDirectory-0");
        assertFalse(Files.exists(parent.resolve("cache2")));
    }

    @Test
    void withoutAnApplicationRemoveDirectoryStillSucceeds() throws Exception {
        Path parent = Files.createDirectories(tmp.resolve("purge-parent"));
        Files.createDirectories(parent.resolve("cache2"));
        Launch.Result r = task("removeDirectory", parent.toString(), "cache2", "5");
        assertEquals(0, r.exitCode(), r::toString);
        assertFalse(Files.exists(parent.resolve("cache2")));
    }

    @Test
    void concurrentTaskProcessesAllGetCorrectReplies() throws Exception {
        Running app = application();
        long begin = System.nanoTime();
        List<Process> tasks = new ArrayList<>();
        for (int i = 0; i < PROCESSES; i++) {
            tasks.add(launch().args("--backgroundtask", "actors_ping", Integer.toString(REQUESTS), "c" + i).start());
        }
        List<Launch.Result> results = new ArrayList<>();
        for (Process p : tasks) {
            results.add(Launch.Result.of(p, Duration.ofSeconds(120), begin));
        }
        for (Launch.Result r : results) {
            assertEquals(0, r.exitCode(), () -> r + "\napplication:\n" + app);
            assertEquals(List.of("ok " + REQUESTS), r.stdout(), r::toString);
        }
        for (int i = 0; i < PROCESSES; i++) {
            awaitMarker("report-c" + i);
        }
        System.out.printf("ActorsIT: %d task processes x %d requests in %d ms%n", PROCESSES, REQUESTS,
                (System.nanoTime() - begin) / 1_000_000);
        assertTrue(app.process.isAlive(), app::toString);
    }

    @Test
    void killingTheApplicationEndsTheTaskAbnormallyAndANewApplicationReplacesTheStaleSocket() throws Exception {
        Running app = application();
        Running task = hold("victim-app");
        app.process.destroyForcibly(); // SIGKILL
        assertTrue(app.process.waitFor(10, TimeUnit.SECONDS));
        long killed = System.nanoTime();
        assertTrue(task.process.waitFor(10, TimeUnit.SECONDS), () -> "the task did not end promptly\n" + task);
        long ms = (System.nanoTime() - killed) / 1_000_000;
        assertEquals(12, task.process.exitValue(), task::toString);
        assertTrue(task.stdoutNow().contains("destroyed ABNORMAL_SHUTDOWN"), task::toString);
        assertTrue(ms < 5_000, () -> "the task took " + ms + " ms to see the application die");

        assertTrue(Files.exists(socket(), LinkOption.NOFOLLOW_LINKS), "kill -9 leaves the socket behind");
        assertFalse(answers(socket()), "a stale socket");
        Launch.Result stale = task("actors_ping", "1");
        assertEquals(11, stale.exitCode(), stale::toString);

        Running second = application();
        Launch.Result r = task("actors_ping", "1", "after-restart");
        assertEquals(0, r.exitCode(), () -> r + "\napplication:\n" + second);
        assertEquals(List.of("ok 1"), r.stdout(), r::toString);
    }

    @Test
    void stoppingTheApplicationInOrderEndsTheTaskNormallyAndRemovesTheSocket() throws Exception {
        Running app = application();
        Running task = hold("orderly");
        app.process.destroy(); // SIGTERM
        assertTrue(app.process.waitFor(30, TimeUnit.SECONDS), app::toString);
        assertTrue(task.process.waitFor(15, TimeUnit.SECONDS), () -> "the task did not end\n" + task);
        assertEquals(0, task.process.exitValue(), task::toString);
        assertTrue(task.stdoutNow().contains("destroyed NORMAL_SHUTDOWN"), task::toString);
        assertFalse(Files.exists(socket(), LinkOption.NOFOLLOW_LINKS), "the socket is removed at an orderly end");
    }

    @Test
    void killingATaskLeavesTheApplicationServingTheNextOne() throws Exception {
        Running app = application();
        Running task = hold("victim-task");
        awaitMarker("report-victim-task");
        task.process.destroyForcibly(); // SIGKILL
        assertTrue(task.process.waitFor(10, TimeUnit.SECONDS));
        awaitMarker("destroyed-victim-task-ABNORMAL_SHUTDOWN");
        Launch.Result r = task("actors_ping", "10", "next");
        assertEquals(0, r.exitCode(), () -> r + "\napplication:\n" + app);
        assertEquals(List.of("ok 10"), r.stdout(), r::toString);
        assertTrue(app.process.isAlive(), app::toString);
    }

    private void awaitMarker(String name) throws InterruptedException {
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

    private static void await(Duration limit, BooleanSupplier condition, java.util.function.Supplier<String> message)
            throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(message.get());
            }
            Thread.sleep(50);
        }
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

    /** A process that runs on while the test goes on, its output collected line by line as it comes. */
    private record Running(Process process, List<String> stdout, List<String> stderr) {
        static Running start(Launch launch) {
            Running r = new Running(launch.start(), Collections.synchronizedList(new ArrayList<>()),
                    Collections.synchronizedList(new ArrayList<>()));
            pump(r.process.getInputStream(), r.stdout);
            pump(r.process.getErrorStream(), r.stderr);
            return r;
        }

        private static void pump(InputStream in, List<String> lines) {
            Thread t = new Thread(() -> {
                try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = reader.readLine()) != null) {
                        lines.add(line);
                    }
                } catch (IOException ignored) {
                    // the process ended
                }
            });
            t.setDaemon(true);
            t.start();
        }

        /** stdout once the process has ended and its pipe is drained (at most a second later). */
        List<String> stdoutNow() throws InterruptedException {
            long deadline = System.nanoTime() + 1_000_000_000L;
            List<String> copy;
            do {
                copy = List.copyOf(stdout);
                if (copy.stream().anyMatch(l -> l.startsWith("destroyed "))) {
                    return copy;
                }
                Thread.sleep(20);
            } while (System.nanoTime() < deadline);
            return copy;
        }

        @Override
        public String toString() {
            String state = process.isAlive() ? "running" : "exit " + process.exitValue();
            return "pid " + process.pid() + " " + state + "\nstdout:\n" + String.join("\n", List.copyOf(stdout))
                    + "\nstderr:\n" + String.join("\n", List.copyOf(stderr));
        }
    }
}
