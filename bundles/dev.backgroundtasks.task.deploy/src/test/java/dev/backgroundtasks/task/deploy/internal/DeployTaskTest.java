package dev.backgroundtasks.task.deploy.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.backgroundtasks.api.ExitCode;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.batch.v1.Job;

class DeployTaskTest {
    @TempDir
    Path installation;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void tasks() throws IOException {
        TaskDeclarationTest.bundle(installation.resolve("toolkit/backgroundtasks/x.jar"), "com.example.x", "1.0.0",
                TaskDeclarationTest.task("timed", 120, true, false) + "," + TaskDeclarationTest.task("untimed", 0, false, true));
    }

    private int run(String... args) {
        return run(new RunLimits(600, 10), args);
    }

    private int run(RunLimits limits, String... args) {
        return new DeployTask(installation).run(Arrays.asList(args), limits, null,
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private PodSpec pod() {
        return StrictKubernetes.read(out.toString(StandardCharsets.UTF_8), Job.class).getSpec().getTemplate().getSpec();
    }

    @Test
    void theDeadlineIsTheTaskTimeoutPlusTheShutdownBudget() {
        assertEquals(0, run("kubernetes", "timed", "--image", "i", "--job"), err.toString());
        assertEquals(130, pod().getActiveDeadlineSeconds());
        assertEquals(15, pod().getTerminationGracePeriodSeconds());
        assertEquals("", err.toString());
    }

    @Test
    void aTaskWithoutATimeoutGetsTheDefaultOne() {
        assertEquals(0, run(new RunLimits(900, 30), "kubernetes", "untimed", "--image", "i", "--job"), err.toString());
        assertEquals(930, pod().getActiveDeadlineSeconds());
        assertEquals(35, pod().getTerminationGracePeriodSeconds());
    }

    @Test
    void aBadCommandLineIsElevenWithTheUsage() {
        assertEquals(DeployTask.USAGE, run("kubernetes", "timed"));
        assertEquals("", out.toString());
        String e = err.toString(StandardCharsets.UTF_8);
        assertTrue(e.startsWith("deploy: --image IMAGE is required"), e);
        assertTrue(e.contains("Usage: --backgroundtask deploy kubernetes TASK"), e);
    }

    @Test
    void anUnknownTaskIsNotFoundNamingIt() {
        assertEquals(ExitCode.NOT_FOUND, run("kubernetes", "nope", "--image", "i"));
        assertEquals("", out.toString());
        String e = err.toString(StandardCharsets.UTF_8);
        assertTrue(e.startsWith("deploy: no task 'nope' is declared in "), e);
        assertEquals(1, e.strip().lines().count(), e);
    }
}
