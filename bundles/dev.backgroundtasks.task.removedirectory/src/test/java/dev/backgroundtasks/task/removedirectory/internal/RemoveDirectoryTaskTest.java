package dev.backgroundtasks.task.removedirectory.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.backgroundtasks.api.ExitCode;
import dev.backgroundtasks.testing.unit.TestTaskContext;

/** The component: arguments and preference in, the purge on a worker thread, exit code out. */
class RemoveDirectoryTaskTest {
    @TempDir
    Path tmp;

    private static TestTaskContext context(String... arguments) {
        return new TestTaskContext("removeDirectory", arguments);
    }

    private static int exitCode(CompletableFuture<Integer> stage) throws Exception {
        return stage.get(10, TimeUnit.SECONDS);
    }

    @Test
    void removesTheChildOffTheCallingThreadAndRegistersAShutdownBlocker() throws Exception {
        Path parent = Files.createDirectories(tmp.resolve("parent/child/sub")).getParent().getParent();
        TestTaskContext context = context(parent.toString(), "child", "1");
        CompletableFuture<Integer> stage = new RemoveDirectoryTask(tmp.resolve("runtime")).run(context)
                .toCompletableFuture();
        assertEquals(ExitCode.SUCCESS, exitCode(stage));
        assertFalse(Files.exists(parent.resolve("child")));
        assertTrue(Files.isDirectory(parent));
        assertEquals(1, context.blockerNames().size());
        context.shutDown().get(1, TimeUnit.SECONDS);
    }

    @Test
    void badArgumentsEndWithThreeAtOnce() throws Exception {
        RemoveDirectoryTask task = new RemoveDirectoryTask(tmp.resolve("runtime"));
        assertEquals(ExitCode.EXCEPTION, exitCode(task.run(context("/p", "c")).toCompletableFuture()));
        assertEquals(ExitCode.EXCEPTION, exitCode(task.run(context("/p", "c", "1", "--test-sleep"))
                .toCompletableFuture()));
        assertEquals(ExitCode.EXCEPTION, exitCode(task.run(context("/p", "..", "1")).toCompletableFuture()));
    }

    @Test
    void theSleepPreferenceDelaysTheRemoval() throws Exception {
        Path parent = Files.createDirectories(tmp.resolve("parent/child")).getParent();
        TestTaskContext context = context(parent.toString(), "child", "0");
        context.pref(RemoveDirectoryTask.TEST_SLEEP_PREF, 600);
        long start = System.nanoTime();
        assertEquals(ExitCode.SUCCESS, exitCode(new RemoveDirectoryTask(tmp.resolve("runtime")).run(context)
                .toCompletableFuture()));
        assertTrue(Duration.ofNanos(System.nanoTime() - start).toMillis() >= 550, "slept first");
        assertFalse(Files.exists(parent.resolve("child")));
    }

    @Test
    void theShutdownBlockerInterruptsAWait() throws Exception {
        Path parent = Files.createDirectories(tmp.resolve("parent"));
        TestTaskContext context = context(parent.toString(), "never", "600");
        CompletableFuture<Integer> stage = new RemoveDirectoryTask(tmp.resolve("runtime")).run(context)
                .toCompletableFuture();
        Path lockFile = new PurgeLocks(tmp.resolve("runtime")).lockFile(parent.toRealPath().resolve("never"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!(Files.exists(lockFile) && Files.size(lockFile) > 0) && System.nanoTime() < deadline) {
            Thread.onSpinWait(); // until the worker holds the lock and waits
        }
        context.shutDown().get(5, TimeUnit.SECONDS);
        assertTrue(stage.isDone());
        try (var s = Files.list(tmp.resolve("runtime"))) {
            assertEquals(0, s.count(), "the lock file is gone");
        }
    }

    @Test
    void locksLiveInTheLaunchersRuntimeDirectory() throws IOException {
        assertEquals(Path.of("/run/user/1/backgroundtasks/abc"), RemoveDirectoryTask.lockDirectory(
                "/run/user/1/backgroundtasks/abc", Map.of("BACKGROUNDTASKS_RUNTIME_DIR", "/elsewhere")));
        assertEquals(Path.of("/elsewhere"), RemoveDirectoryTask.lockDirectory(null,
                Map.of("BACKGROUNDTASKS_RUNTIME_DIR", "/elsewhere")));
        assertEquals(Path.of(System.getProperty("java.io.tmpdir")), RemoveDirectoryTask.lockDirectory("", Map.of())
                .getParent());
    }
}
