package dev.backgroundtasks.itests;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.backgroundtasks.testing.BackgroundTaskResult;
import dev.backgroundtasks.testing.BackgroundTaskRun;
import dev.backgroundtasks.testing.RunningTask;
import dev.backgroundtasks.testing.TaskInstallation;
import dev.backgroundtasks.testing.WithInstallation;

/** Exclusive tasks (6), the installation lock and staged updates (docs/reference/profiles.md, processes.md). */
@WithInstallation(testingTasks = true, eachTest = true)
class ExclusiveAndUpdatesIT {
    @TempDir
    Path tmp;
    Path inst;
    Path runtime;

    @BeforeEach
    void installation(TaskInstallation installation) throws Exception {
        inst = installation.path();
        runtime = Files.createDirectories(tmp.resolve("run"));
    }

    private BackgroundTaskRun launch() {
        return BackgroundTaskRun.launcher().tmpdir(tmp).env("BACKGROUNDTASKS_RUNTIME_DIR", runtime.toString());
    }

    /**
     * Waits until the other process holds the named lock of the runtime directory, read from
     * /proc/locks (Linux) so that the test never takes the lock itself and never races the launcher.
     */
    private void awaitLockHeld(RunningTask p, String lockName) {
        Path lock = runtime.resolve(lockName);
        await("the first run takes " + lockName).atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20))
                .until(() -> {
                    assertTrue(p.isAlive(), "the first run ended early");
                    return Files.exists(lock) && holds(p.pid(), lock);
                });
    }

    private static boolean holds(long pid, Path lock) throws IOException {
        long inode = ((Number) Files.getAttribute(lock, "unix:ino")).longValue();
        for (String line : Files.readAllLines(Path.of("/proc/locks"))) {
            String[] f = line.trim().split("\\s+");
            // 1: POSIX  ADVISORY  WRITE 1234 fd:01:5678 0 EOF
            if (f.length > 5 && f[4].equals(Long.toString(pid)) && f[5].endsWith(":" + inode)) {
                return true;
            }
        }
        return false;
    }

    @Test
    void aSecondExclusiveRunExitsSixAtOnceAndKillMinusNineReleasesTheLock() throws Exception {
        RunningTask first = launch().args("--backgroundtask", "exclusive", "30").start();
        awaitLockHeld(first, "exclusive-exclusive.lock");
        BackgroundTaskResult second = launch().args("--backgroundtask", "exclusive", "0").run();
        assertEquals(6, second.exitCode(), second::toString);
        assertTrue(second.wall().toMillis() < 20_000, second::toString);
        first.kill().await();
        BackgroundTaskResult third = launch().args("--backgroundtask", "exclusive", "0").run();
        assertEquals(0, third.exitCode(), third::toString);
    }

    @Test
    void nonExclusiveTasksRunSideBySide() throws Exception {
        RunningTask first = launch().args("--backgroundtask", "wait", "30").start();
        awaitLockHeld(first, "installation.lock");
        assertEquals(0, launch().args("--backgroundtask", "success").run().exitCode());
        first.stop().await();
    }

    private void stage(String version, String relative, Path source) throws Exception {
        Path staged = Files.createDirectories(inst.resolve("updates/staged"));
        Files.writeString(staged.resolve("update.properties"), "version=" + version + "\n");
        Path target = staged.resolve("files").resolve(relative);
        Files.createDirectories(target.getParent());
        Files.copy(source, target);
    }

    private Path stageDropTask() throws Exception {
        Path staged = Files.createDirectories(inst.resolve("updates/staged"));
        Files.writeString(staged.resolve("update.properties"), "version=2.0\n");
        Path files = Files.createDirectories(staged.resolve("files/app/backgroundtasks"));
        Files.copy(Fixtures.fixture("dev.backgroundtasks.testing.fixture.droptask"), files.resolve("droptask.jar"));
        Files.copy(Fixtures.fixture("dev.backgroundtasks.testing.fixture.library"), files.resolve("library.jar"));
        return staged;
    }

    @Test
    void anUpdatingTaskAppliesTheStagedUpdateAndANonUpdatingOneNeverTouchesIt() throws Exception {
        stageDropTask();
        BackgroundTaskResult ignored = launch().args("--backgroundtask", "shouldnotprocessupdates",
                "--test-should-not-process-updates").run();
        assertEquals(78, ignored.exitCode(), ignored::toString);
        assertTrue(Files.exists(inst.resolve("updates/staged/update.properties")), "untouched");
        assertFalse(Files.exists(inst.resolve("app/backgroundtasks/droptask.jar")));

        BackgroundTaskResult applied = launch().args("--backgroundtask", "shouldprocessupdates",
                "--test-should-not-process-updates").run();
        assertEquals(81, applied.exitCode(), applied::toString);
        assertTrue(applied.stdoutText().contains("status=applied 2.0"), applied::toString);
        assertTrue(Files.exists(inst.resolve("app/backgroundtasks/droptask.jar")));
        assertTrue(Files.exists(inst.resolve("app/backgroundtasks/library.jar")));
        assertFalse(Files.exists(inst.resolve("updates/staged")));
        assertTrue(Files.readString(inst.resolve("updates/last-update.properties")).contains("version=2.0"));
        assertEquals(42, launch().args("--backgroundtask", "droptask").run().exitCode(), "the new set runs");
    }

    @Test
    void theBackgroundupdateToolkitTaskAppliesAStagedUpdate() throws Exception {
        stageDropTask();
        BackgroundTaskResult r = launch().env("BACKGROUNDTASKS_DATA_DIR", tmp.resolve("data").toString())
                .env("BACKGROUNDTASKS_TESTING_DIR", null).args("--backgroundtask", "backgroundupdate").run();
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.stdoutText().contains("backgroundupdate: applied 2.0"), r::toString);
        assertTrue(Files.exists(inst.resolve("app/backgroundtasks/droptask.jar")));
        BackgroundTaskResult again = launch().env("BACKGROUNDTASKS_DATA_DIR", tmp.resolve("data").toString())
                .env("BACKGROUNDTASKS_TESTING_DIR", null).args("--backgroundtask", "backgroundupdate").run();
        assertEquals(0, again.exitCode(), again::toString);
        assertTrue(again.stdoutText().contains("backgroundupdate: nothing staged"), again::toString);
    }

    @Test
    void updatesAreNotProcessedWhileAnotherInstanceRuns() throws Exception {
        stageDropTask();
        RunningTask other = launch().args("--backgroundtask", "wait", "30").start();
        awaitLockHeld(other, "installation.lock");
        BackgroundTaskResult refused = launch().args("--backgroundtask", "shouldprocessupdates",
                "--test-should-not-process-updates").run();
        assertEquals(80, refused.exitCode(), refused::toString);
        assertTrue(Files.exists(inst.resolve("updates/staged/update.properties")));
        other.stop().await();
        assertEquals(81, launch().args("--backgroundtask", "shouldprocessupdates",
                "--test-should-not-process-updates").run().exitCode());
    }

    @Test
    void aCrashWhileApplyingLeavesAConsistentSetAfterTheNextStart() throws Exception {
        stageDropTask();
        BackgroundTaskResult crashed = launch().env("BACKGROUNDTASKS_TEST_UPDATE_CRASH_AFTER", "1")
                .args("--backgroundtask", "shouldprocessupdates").run();
        assertEquals(99, crashed.exitCode(), crashed::toString);
        assertTrue(Files.isDirectory(inst.resolve("updates/applying")), "committed, half applied");
        // the next start of any kind finishes the committed update before it runs
        BackgroundTaskResult next = launch().args("--backgroundtask", "droptask").run();
        assertEquals(42, next.exitCode(), next::toString);
        assertTrue(Files.exists(inst.resolve("app/backgroundtasks/library.jar")));
        assertFalse(Files.exists(inst.resolve("updates/applying")));
    }
}
