package dev.backgroundtasks.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line a run starts: launcher options before the task, the task's arguments after it. */
class BackgroundTaskRunTest {
    @Test
    void theCommandLine(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("launcher.jar"), "");
        try (TaskInstallation installation = TaskInstallation.existing(dir)) {
            List<String> command = BackgroundTaskRun.task("cleanup")
                    .args("a", "b").pref("x.y", 3).attachConsole().profile(dir.resolve("p"))
                    .launcherOptions("--debugger=0").jvmOptions("-Xmx64m").java(Path.of("/opt/jdk/bin/java"))
                    .command(installation);
            assertEquals(List.of("/opt/jdk/bin/java", "-Xmx64m", "-jar", dir.resolve("launcher.jar").toString(),
                    "--debugger=0", "--pref=x.y=3", "--attach-console", "--profile=" + dir.resolve("p"),
                    "--backgroundtask", "cleanup", "a", "b"), command);
        }
    }

    @Test
    void aRunsPrefWinsOverTheInstallations(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("launcher.jar"), "");
        try (TaskInstallation installation = TaskInstallation.existing(dir)) {
            installation.pref("a", 1).pref("b", 2);
            List<String> command = BackgroundTaskRun.task("t").pref("b", 3).command(installation);
            assertEquals(List.of("--pref=a=1", "--pref=b=3", "--backgroundtask", "t"),
                    command.subList(3, command.size()));
        }
    }

    @Test
    void theLauncherWithoutATask(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("launcher.jar"), "");
        try (TaskInstallation installation = TaskInstallation.existing(dir)) {
            List<String> command = BackgroundTaskRun.launcher("--list-tasks").command(installation);
            assertEquals(List.of("-jar", dir.resolve("launcher.jar").toString(), "--list-tasks"),
                    command.subList(1, command.size()));
        }
    }
}
