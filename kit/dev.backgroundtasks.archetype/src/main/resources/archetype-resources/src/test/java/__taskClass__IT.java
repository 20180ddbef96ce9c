package ${package};

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

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

    @Test
    void greetsTheNameGiven() {
        BackgroundTaskResult result = BackgroundTaskRun.task("${taskName}").bundles(BUNDLE).bundles(RuntimeBundles.list()).args("Ada").run();
        assertEquals(0, result.exitCode(), result::toString);
        assertEquals(List.of("Hello, Ada!"), result.stdout());
    }

    @Test
    void greetsTheNameOfThePreferenceWithoutArguments() {
        BackgroundTaskRun.task("${taskName}").bundles(BUNDLE).bundles(RuntimeBundles.list()).pref(${taskClass}.NAME_PREFERENCE, "Grace").run()
                .assertExitCode(0);
    }

    @Test
    void moreThanOneArgumentIsAUsageError() {
        BackgroundTaskResult result = BackgroundTaskRun.task("${taskName}").bundles(BUNDLE).bundles(RuntimeBundles.list()).args("a", "b").run()
                .assertExitCode(${taskClass}.USAGE);
        assertTrue(result.stderrText().contains("usage:"), result::toString);
    }

    @Test
    void theLauncherFindsTheTaskInTheAppFolder() {
        BackgroundTaskResult result = BackgroundTaskRun.launcher("--list-tasks").bundles(BUNDLE).bundles(RuntimeBundles.list()).run().assertExitCode(0);
        assertTrue(result.stdout().stream().anyMatch(line -> line.startsWith("${taskName}\tapp\t")), result::toString);
    }
}
