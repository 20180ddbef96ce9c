package ${package};

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.backgroundtasks.testing.BackgroundTaskResult;
import dev.backgroundtasks.testing.BackgroundTaskRun;
import dev.backgroundtasks.testing.RuntimeBundles;
import dev.backgroundtasks.testing.WithInstallation;

/**
 * The task as a user runs it: dropped into app/backgroundtasks/ of a real installation and started with
 * {@code java -jar launcher.jar --backgroundtask ${taskName}}, in a process of its own.
 */
@WithInstallation
class ${taskClass}IT {
    /** The bundle this build packaged (set by the failsafe configuration). */
    private static final Path BUNDLE = Path.of(System.getProperty("task.bundle"));

    @TempDir
    Path dir;

    @Test
    void removesTemporaryFiles() throws IOException {
        Files.writeString(dir.resolve("a.tmp"), "a");
        Files.writeString(dir.resolve("keep.txt"), "kept");
        BackgroundTaskResult result = BackgroundTaskRun.task("${taskName}").bundles(BUNDLE).bundles(RuntimeBundles.list())
                .args(dir.toString()).run();
        assertEquals(0, result.exitCode(), result::toString);
        assertEquals(List.of("Removed 1 *.tmp files from " + dir), result.stdout());
        assertFalse(Files.exists(dir.resolve("a.tmp")));
        assertTrue(Files.exists(dir.resolve("keep.txt")));
    }

    @Test
    void withoutADirectoryItIsAUsageError() {
        BackgroundTaskResult result = BackgroundTaskRun.task("${taskName}").bundles(BUNDLE).bundles(RuntimeBundles.list()).run()
                .assertExitCode(${taskClass}.USAGE);
        assertTrue(result.stderrText().contains("usage:"), result::toString);
    }

    @Test
    void aMissingDirectoryIsNamed() {
        Path missing = dir.resolve("missing");
        BackgroundTaskResult result = BackgroundTaskRun.task("${taskName}").bundles(BUNDLE).bundles(RuntimeBundles.list())
                .args(missing.toString()).run().assertExitCode(${taskClass}.NOT_A_DIRECTORY);
        assertTrue(result.stderrText().contains(missing + " is not a directory"), result::toString);
    }

    @Test
    void theLauncherFindsTheTaskInTheAppFolder() {
        BackgroundTaskResult result = BackgroundTaskRun.launcher("--list-tasks").bundles(BUNDLE).bundles(RuntimeBundles.list()).run().assertExitCode(0);
        assertTrue(result.stdout().stream().anyMatch(line -> line.startsWith("${taskName}\tapp\t")), result::toString);
    }
}
