package dev.backgroundtasks.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Exclusive tasks (6), the installation lock and staged updates (contract sections 6 and 10). */
class ExclusiveAndUpdatesIT {
    @TempDir
    Path tmp;
    Path inst;
    Path runtime;

    @BeforeEach
    void installation() throws Exception {
        inst = Installations.copy(tmp.resolve("inst"));
        runtime = Files.createDirectories(tmp.resolve("run"));
    }

    private Launch launch() {
        return Launch.in(inst).tmpdir(tmp).env("BACKGROUNDTASKS_RUNTIME_DIR", runtime.toString());
    }

    /**
     * Waits until the other process holds the named lock of the runtime directory, read from
     * /proc/locks (Linux) so that the test never takes the lock itself and never races the launcher.
     */
    private void awaitLockHeld(Process p, String lockName) throws Exception {
        Path lock = runtime.resolve(lockName);
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < deadline) {
            assertTrue(p.isAlive(), "the first run ended early");
            if (Files.exists(lock)) {
                long inode = ((Number) Files.getAttribute(lock, "unix:ino")).longValue();
                for (String line : Files.readAllLines(Path.of("/proc/locks"))) {
                    String[] f = line.trim().split("\\s+");
                    // 1: POSIX  ADVISORY  WRITE 1234 fd:01:5678 0 EOF
                    if (f.length > 5 && f[4].equals(Long.toString(p.pid())) && f[5].endsWith(":" + inode)) {
                        return;
                    }
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the first run never took " + lockName);
    }

    @Test
    void aSecondExclusiveRunExitsSixAtOnceAndKillMinusNineReleasesTheLock() throws Exception {
        Process first = launch().args("--backgroundtask", "exclusive", "30").start();
        awaitLockHeld(first, "exclusive-exclusive.lock");
        Launch.Result second = launch().args("--backgroundtask", "exclusive", "0").run();
        assertEquals(6, second.exitCode(), second::toString);
        assertTrue(second.wall().toMillis() < 20_000, second::toString);
        first.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        Launch.Result third = launch().args("--backgroundtask", "exclusive", "0").run();
        assertEquals(0, third.exitCode(), third::toString);
    }

    @Test
    void nonExclusiveTasksRunSideBySide() throws Exception {
        Process first = launch().args("--backgroundtask", "wait", "30").start();
        awaitLockHeld(first, "installation.lock");
        assertEquals(0, launch().args("--backgroundtask", "success").run().exitCode());
        first.destroy();
        first.waitFor(30, TimeUnit.SECONDS);
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
        Files.copy(Installations.fixture("dev.backgroundtasks.testing.fixture.droptask"), files.resolve("droptask.jar"));
        Files.copy(Installations.fixture("dev.backgroundtasks.testing.fixture.library"), files.resolve("library.jar"));
        return staged;
    }

    @Test
    void anUpdatingTaskAppliesTheStagedUpdateAndANonUpdatingOneNeverTouchesIt() throws Exception {
        stageDropTask();
        Launch.Result ignored = launch().args("--backgroundtask", "shouldnotprocessupdates",
                "--test-should-not-process-updates").run();
        assertEquals(78, ignored.exitCode(), ignored::toString);
        assertTrue(Files.exists(inst.resolve("updates/staged/update.properties")), "untouched");
        assertFalse(Files.exists(inst.resolve("app/backgroundtasks/droptask.jar")));

        Launch.Result applied = launch().args("--backgroundtask", "shouldprocessupdates",
                "--test-should-not-process-updates").run();
        assertEquals(81, applied.exitCode(), applied::toString);
        assertTrue(applied.out().contains("status=applied 2.0"), applied::toString);
        assertTrue(Files.exists(inst.resolve("app/backgroundtasks/droptask.jar")));
        assertTrue(Files.exists(inst.resolve("app/backgroundtasks/library.jar")));
        assertFalse(Files.exists(inst.resolve("updates/staged")));
        assertTrue(Files.readString(inst.resolve("updates/last-update.properties")).contains("version=2.0"));
        assertEquals(42, launch().args("--backgroundtask", "droptask").run().exitCode(), "the new set runs");
    }

    @Test
    void theBackgroundupdateToolkitTaskAppliesAStagedUpdate() throws Exception {
        stageDropTask();
        Launch.Result r = launch().env("BACKGROUNDTASKS_DATA_DIR", tmp.resolve("data").toString())
                .env("BACKGROUNDTASKS_TESTING_DIR", null).args("--backgroundtask", "backgroundupdate").run();
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.out().contains("backgroundupdate: applied 2.0"), r::toString);
        assertTrue(Files.exists(inst.resolve("app/backgroundtasks/droptask.jar")));
        Launch.Result again = launch().env("BACKGROUNDTASKS_DATA_DIR", tmp.resolve("data").toString())
                .env("BACKGROUNDTASKS_TESTING_DIR", null).args("--backgroundtask", "backgroundupdate").run();
        assertEquals(0, again.exitCode(), again::toString);
        assertTrue(again.out().contains("backgroundupdate: nothing staged"), again::toString);
    }

    @Test
    void updatesAreNotProcessedWhileAnotherInstanceRuns() throws Exception {
        stageDropTask();
        Process other = launch().args("--backgroundtask", "wait", "30").start();
        awaitLockHeld(other, "installation.lock");
        Launch.Result refused = launch().args("--backgroundtask", "shouldprocessupdates",
                "--test-should-not-process-updates").run();
        assertEquals(80, refused.exitCode(), refused::toString);
        assertTrue(Files.exists(inst.resolve("updates/staged/update.properties")));
        other.destroy();
        other.waitFor(30, TimeUnit.SECONDS);
        assertEquals(81, launch().args("--backgroundtask", "shouldprocessupdates",
                "--test-should-not-process-updates").run().exitCode());
    }

    @Test
    void aCrashWhileApplyingLeavesAConsistentSetAfterTheNextStart() throws Exception {
        stageDropTask();
        Launch.Result crashed = launch().env("BACKGROUNDTASKS_TEST_UPDATE_CRASH_AFTER", "1")
                .args("--backgroundtask", "shouldprocessupdates").run();
        assertEquals(99, crashed.exitCode(), crashed::toString);
        assertTrue(Files.isDirectory(inst.resolve("updates/applying")), "committed, half applied");
        // the next start of any kind finishes the committed update before it runs
        Launch.Result next = launch().args("--backgroundtask", "droptask").run();
        assertEquals(42, next.exitCode(), next::toString);
        assertTrue(Files.exists(inst.resolve("app/backgroundtasks/library.jar")));
        assertFalse(Files.exists(inst.resolve("updates/applying")));
    }
}
