package dev.backgroundtasks.launcher.internal.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.backgroundtasks.launcher.internal.files.Installation;
import dev.backgroundtasks.launcher.internal.lookup.TestBundles;

/** The warm host's rehearsal runs only the platform's own task, in an environment of its own. */
class WarmUpTest {
    @TempDir
    Path temp;

    @Test
    void theRehearsalFindsThePlatformsTaskInItsFolder() throws Exception {
        Installation installation = installation();
        Path folder = rehearsalFolder(installation);
        Map<String, String> env = WarmUp.environment(Map.of(), temp.resolve("throwaway"), folder);
        assertTrue(WarmUp.lookup(installation, env, folder).isPresent());
    }

    @Test
    void anApplicationsTaskOfTheSameNameWinsAndNothingIsRehearsed() throws Exception {
        Installation installation = installation();
        Path folder = rehearsalFolder(installation);
        TestBundles.taskJar(Files.createDirectories(installation.appTasks()), "named.jar", "org.example.named", "1.0.0",
                WarmUp.REHEARSAL_TASK);
        Map<String, String> env = WarmUp.environment(Map.of(), temp.resolve("throwaway"), folder);
        assertFalse(WarmUp.lookup(installation, env, folder).isPresent());
    }

    @Test
    void theEnvironmentKeepsNoVariableOfThePlatformsButItsOwn() {
        Path root = temp.resolve("throwaway");
        Path folder = temp.resolve("warm-up");
        Map<String, String> env = WarmUp.environment(Map.of("HOME", "/home/u", "LANG", "C.UTF-8",
                "BACKGROUNDTASKS_GRAPH_FILE", "/g", "BACKGROUNDTASKS_METRICS_DIR", "/m", "BACKGROUNDTASKS_PROFILE_PATH", "/p",
                "BACKGROUNDTASKS_DATA_DIR", "/data", "NOTIFY_SOCKET", "/run/systemd/notify", "TMPDIR", "/tmp"), root, folder);
        assertEquals(Map.of("HOME", "/home/u", "LANG", "C.UTF-8",
                "BACKGROUNDTASKS_DATA_DIR", root.resolve("data").toString(),
                "BACKGROUNDTASKS_RUNTIME_DIR", root.resolve("runtime").toString(),
                "TMPDIR", root.resolve("tmp").toString(),
                "BACKGROUNDTASKS_TESTING_DIR", folder.toString(),
                "BACKGROUNDTASKS_WARM_HOST", "off"), env);
    }

    private Installation installation() throws Exception {
        Path root = Files.createDirectories(temp.resolve("installation"));
        Files.createDirectories(root.resolve("bundles"));
        return new Installation(root);
    }

    private static Path rehearsalFolder(Installation installation) throws Exception {
        Path folder = Files.createDirectories(installation.bundles().resolve(WarmUp.REHEARSAL_FOLDER));
        TestBundles.taskJar(folder, "dev.backgroundtasks.warmup.jar", "dev.backgroundtasks.warmup", "1.0.0",
                WarmUp.REHEARSAL_TASK);
        return folder;
    }
}
