package dev.backgroundtasks.itests;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.backgroundtasks.testing.BackgroundTaskResult;
import dev.backgroundtasks.testing.BackgroundTaskRun;
import dev.backgroundtasks.testing.RunningTask;
import dev.backgroundtasks.testing.WithInstallation;

import dev.backgroundtasks.testing.BackgroundTaskResult;
import dev.backgroundtasks.testing.BackgroundTaskRun;
import dev.backgroundtasks.testing.RunningTask;
import dev.backgroundtasks.testing.WithInstallation;

/** The default profile seen from a background task, and persistent-profile rules (profiles issue). */
@WithInstallation(testingTasks = true)
class DefaultProfileIT {
    @TempDir
    Path tmp;

    private BackgroundTaskRun launch() {
        return BackgroundTaskRun.launcher().tmpdir(tmp).env("BACKGROUNDTASKS_DATA_DIR", tmp.resolve("data").toString())
                .env("BACKGROUNDTASKS_RUNTIME_DIR", tmp.resolve("run").toString());
    }

    @Test
    void aTaskReadsTheDefaultProfileAndCannotLockItWhileNormalModeRuns() throws Exception {
        Path profile = Files.createDirectories(tmp.resolve("default"));
        Files.writeString(profile.resolve("prefs.properties"), "app.channel=beta\n");
        BackgroundTaskResult free = launch().env("BACKGROUNDTASKS_DEFAULT_PROFILE_PATH", profile.toString())
                .args("--backgroundtask", "default_profile", "app.channel").run();
        assertEquals(0, free.exitCode(), free::toString);
        assertTrue(free.stdoutText().contains("path=" + profile), free::toString);
        assertTrue(free.stdoutText().contains("pref=beta"), free::toString);

        try (RunningTask app = launch().env("BACKGROUNDTASKS_DEFAULT_PROFILE_PATH", profile.toString()).start()) {
            await("normal mode's framework in the default profile").atMost(Duration.ofSeconds(60))
                    .until(() -> Files.exists(profile.resolve("framework")));
            BackgroundTaskResult locked = launch().env("BACKGROUNDTASKS_DEFAULT_PROFILE_PATH", profile.toString())
                    .args("--backgroundtask", "default_profile").run();
            assertEquals(11, locked.exitCode(), locked::toString);
            app.stop().await();
        }
        BackgroundTaskResult none = launch().env("BACKGROUNDTASKS_NO_DEFAULT_PROFILE", "1")
                .args("--backgroundtask", "default_profile").run();
        assertEquals(12, none.exitCode(), none::toString);
    }

    @Test
    void aVanishedPersistentProfileIsRecreatedAndRecorded() throws Exception {
        assertEquals(0, launch().args("--backgroundtask", "not_ephemeral_profile", "p", "80").run().exitCode());
        Properties registry = new Properties();
        try (var r = Files.newBufferedReader(tmp.resolve("data/profiles.properties"))) {
            registry.load(r);
        }
        assertEquals(1, registry.size());
        Path first = tmp.resolve("data").resolve(registry.values().iterator().next().toString());
        assertTrue(Files.isDirectory(first));
        Fixtures.delete(first);
        BackgroundTaskResult r = launch().args("--backgroundtask", "not_ephemeral_profile", "p", "81").run();
        assertEquals(0, r.exitCode(), "a new profile has no stored value\n" + r);
        assertEquals(81, launch().args("--backgroundtask", "not_ephemeral_profile", "p", "82").run().exitCode());
    }

    @Test
    void aLockedPersistentProfileExitsOneAfterFiveSeconds() throws Exception {
        assertEquals(0, launch().args("--backgroundtask", "not_ephemeral_profile", "p", "1").run().exitCode());
        Properties registry = new Properties();
        try (var r = Files.newBufferedReader(tmp.resolve("data/profiles.properties"))) {
            registry.load(r);
        }
        Path dir = tmp.resolve("data").resolve(registry.values().iterator().next().toString());
        try (var ch = java.nio.channels.FileChannel.open(dir.resolve(".parentlock"),
                java.nio.file.StandardOpenOption.WRITE); var lock = ch.lock()) {
            BackgroundTaskResult r = launch().args("--backgroundtask", "not_ephemeral_profile", "p", "2").run();
            assertEquals(1, r.exitCode(), r::toString);
            assertTrue(r.wall().toMillis() >= 4_500, r::toString);
        }
    }
}
