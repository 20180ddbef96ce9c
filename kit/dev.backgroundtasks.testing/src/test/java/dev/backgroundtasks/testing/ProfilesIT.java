package dev.backgroundtasks.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The profile a run leaves, and where its files go: never the user's own folders. */
@WithInstallation(testingTasks = true)
class ProfilesIT {
    /** The test-only tasks finish at once: no need to hold each run for the default 500 ms. */
    @BeforeAll
    static void noMinimumRuntime(TaskInstallation installation) {
        installation.pref("toolkit.backgroundtasks.defaultMinTaskRuntimeMS", 0);
    }

    private static final String SENTINEL = "@@";

    @Test
    void theEphemeralProfileIsRemovedByDefault() throws IOException {
        BackgroundTaskResult result = BackgroundTaskRun.task("unique_profile").args(SENTINEL).run().assertExitCode(0);
        Path printed = printedProfile(result);
        assertTrue(printed.startsWith(result.tmpdir()), "the run's own TMPDIR: " + result);
        assertFalse(Files.exists(printed), "removed: " + printed);
        assertEquals(Optional.empty(), result.profile());
        assertEquals(List.of(), children(result.tmpdir()));
    }

    @Test
    void keepProfileKeepsItForTheTest() throws IOException {
        BackgroundTaskResult result = BackgroundTaskRun.task("unique_profile").args(SENTINEL).keepProfile().run()
                .assertExitCode(0);
        Path profile = result.profile().orElseThrow(() -> new AssertionError("no profile: " + result));
        assertEquals(printedProfile(result), profile);
        assertTrue(Files.isDirectory(profile));
        assertTrue(profile.getFileName().toString().matches("BackgroundTask-[0-9a-f]{16}-unique_profile"), profile::toString);
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(profile)));
    }

    @Test
    void anExplicitProfileIsTheResultsProfile(@TempDir Path dir) throws IOException {
        Path explicit = dir.resolve("profile");
        BackgroundTaskResult result = BackgroundTaskRun.task("unique_profile").args(SENTINEL).profile(explicit).run()
                .assertExitCode(0);
        assertEquals(explicit, printedProfile(result));
        assertEquals(Optional.of(explicit), result.profile());
    }

    @Test
    void aPersistentProfileLivesInTheInstallationsDataFolderFromRunToRun(TaskInstallation installation) {
        BackgroundTaskResult first = BackgroundTaskRun.task("not_ephemeral_profile").args("counter", "5").run()
                .assertExitCode(0);
        BackgroundTaskResult second = BackgroundTaskRun.task("not_ephemeral_profile").args("counter", "6").run()
                .assertExitCode(5);
        Path profile = second.profile().orElseThrow(() -> new AssertionError("no profile: " + second));
        assertEquals(first.profile(), second.profile());
        assertEquals(installation.dataDirectory(), profile.getParent());
        assertTrue(Files.isRegularFile(profile.resolve("prefs.properties")), profile::toString);
    }

    private static Path printedProfile(BackgroundTaskResult result) {
        String line = result.stdout().stream().filter(l -> l.startsWith(SENTINEL) && l.endsWith(SENTINEL)).findFirst()
                .orElseThrow(() -> new AssertionError("no profile printed: " + result));
        return Path.of(line.substring(SENTINEL.length(), line.length() - SENTINEL.length()));
    }

    private static List<Path> children(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        }
    }
}
