package dev.backgroundtasks.launcher.internal.run;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.backgroundtasks.api.ExitCode;
import dev.backgroundtasks.api.CommandLine;
import dev.backgroundtasks.launcher.internal.files.Installation;
import dev.backgroundtasks.launcher.internal.lookup.BundleManifest;
import dev.backgroundtasks.launcher.internal.lookup.TaskLookup;
import dev.backgroundtasks.launcher.internal.lookup.TaskSettings;
import dev.backgroundtasks.launcher.internal.output.Phases;
import dev.backgroundtasks.launcher.internal.profile.LayeredPreferences;
import dev.backgroundtasks.launcher.internal.run.fixture.FixtureTask;

/** One task run in a real Felix, in-process: exit codes, failures, timeout, signal and shutdown. */
class TaskRunTest {
    @TempDir
    Path temp;
    private final TestConsole console = new TestConsole();
    private final Watchdog watchdog = new Watchdog(console.console, () -> { }, code -> fail("the watchdog halted with " + code));
    private final CompletableFuture<Void> started = new CompletableFuture<>();
    private final CompletableFuture<String> blockerCalled = new CompletableFuture<>();

    @AfterEach
    void disarm() {
        watchdog.disarm();
    }

    private TaskRun run(String behaviour, long timeoutMs, long minRuntimeMs,
            TaskRun.PlatformServices services) throws Exception {
        Path jar = TestJars.bundle(temp.resolve("fixture.jar"), "fixture.task", new String[] {
            "Bundle-Activator", FixtureTask.class.getName(),
            "Import-Package", "org.osgi.framework, dev.backgroundtasks.api"}, FixtureTask.class);
        BundleManifest manifest = BundleManifest.read(jar);
        TaskLookup.TaskDeclaration task = new TaskLookup.TaskDeclaration(FixtureTask.NAME,
                new TaskLookup.Location("test", temp), manifest, new TaskSettings(0, -1, false, false, false, false, false));
        Map<String, String> properties = new HashMap<>();
        properties.put("org.osgi.framework.system.packages.extra",
                Launcher.systemPackagesExtra(Launcher.platformPackages(new Installation(temp))));
        properties.put(FixtureTask.BEHAVIOUR, behaviour);
        TaskRun.Limits limits = new TaskRun.Limits(timeoutMs, minRuntimeMs, 5_000, false);
        return new TaskRun(console.console, task, List.of(manifest), properties, limits, watchdog,
                (loop, shutdown) -> {
                    started.complete(null);
                    shutdown.addBlocker("test", () -> {
                        blockerCalled.complete(Thread.currentThread().getName());
                        return null;
                    });
                    return new RunContext(FixtureTask.NAME, CommandLine.of(List.of()), temp, true,
                            new LayeredPreferences(), loop.scheduler(), shutdown);
                }, services, new Phases(console.console, System.nanoTime()), null);
    }

    private int runToEnd(TaskRun run) {
        return run.run(new FrameworkSession(console.console, new Phases(console.console, System.nanoTime())),
                FrameworkStorage.fresh(temp.resolve("storage")));
    }

    private static final TaskRun.PlatformServices NO_SERVICES = (context, shutdown) -> { };

    @Test
    void theTasksValueIsTheExitCode() throws Exception {
        assertEquals(42, runToEnd(run("exit:42", 60_000, 0, NO_SERVICES)));
    }

    @Test
    void theMinimumRuntimeHoldsAQuickTask() throws Exception {
        long before = System.nanoTime();
        assertEquals(0, runToEnd(run("exit:0", 60_000, 600, NO_SERVICES)));
        assertTrue(System.nanoTime() - before >= 500_000_000L, "ended before its minimum runtime");
    }

    @Test
    void aTaskThatThrowsEndsWithException() throws Exception {
        assertEquals(ExitCode.EXCEPTION, runToEnd(run("throw", 60_000, 0, NO_SERVICES)));
        await().atMost(Duration.ofSeconds(10)).until(() -> console.err().contains(
                "Background task named 'fixture' threw: java.lang.IllegalStateException: the fixture's own fault"));
    }

    @Test
    void aTaskThatOverrunsItsTimeoutEndsWithTimeout() throws Exception {
        assertEquals(ExitCode.TIMEOUT, runToEnd(run("hang", 300, 0, NO_SERVICES)));
        await().atMost(Duration.ofSeconds(10)).until(() -> console.err().contains(
                "Background task named 'fixture' timed out after 0.3 s"));
    }

    @Test
    void aSignalEndsTheRunWithItsCodeAfterTheBlockers() throws Exception {
        TaskRun run = run("hang", 60_000, 0, NO_SERVICES);
        CompletableFuture<Integer> code = CompletableFuture.supplyAsync(() -> runToEnd(run));
        started.get(30, TimeUnit.SECONDS);
        run.signal(143, "TERM");
        assertEquals(143, code.get(30, TimeUnit.SECONDS));
        assertEquals("backgroundtasks-shutdown-blockers", blockerCalled.getNow("not called"));
    }

    @Test
    void aBundleThatRegistersNoTaskFailsToLoad() throws Exception {
        assertEquals(ExitCode.LOAD_FAILED, runToEnd(run("none", 60_000, 0, NO_SERVICES)));
        await().atMost(Duration.ofSeconds(10)).until(() -> console.err().contains("task 'fixture' failed to load: "
                + "bundle fixture.task 1.0.0 (" + temp.resolve("fixture.jar") + ") did not register the task's service within "
                + TaskRun.SERVICE_WAIT_MS / 1000 + " s"));
    }

    /** The platform's own RuntimeException is its failure (1), not the task's load failure (5). */
    @Test
    void aPlatformFaultIsAFailureNotALoadFailure() throws Exception {
        int code = runToEnd(run("exit:0", 60_000, 0, (context, shutdown) -> {
            throw new IllegalStateException("the platform's own fault");
        }));
        assertEquals(ExitCode.FAILURE, code);
        await().atMost(Duration.ofSeconds(10)).until(() -> console.err().contains(
                "the platform failed while starting task 'fixture': java.lang.IllegalStateException: the platform's own fault"));
        assertTrue(!console.err().contains("failed to load"), console.err());
    }
}
