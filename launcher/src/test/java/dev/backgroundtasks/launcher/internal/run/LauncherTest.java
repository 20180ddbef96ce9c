package dev.backgroundtasks.launcher.internal.run;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.backgroundtasks.api.ExitCode;
import dev.backgroundtasks.launcher.internal.files.Installation;

/** The launcher in-process: it reads its installation, environment, streams and signals from its LaunchEnvironment. */
class LauncherTest {
    @TempDir
    Path temp;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final List<BiConsumer<Integer, String>> receivers = new CopyOnWriteArrayList<>();
    private int located;

    private int run(String... args) throws Exception {
        Path root = Files.createDirectories(temp.resolve("installation"));
        Map<String, String> env = Map.of("BACKGROUNDTASKS_DATA_DIR", temp.resolve("data").toString(),
                "BACKGROUNDTASKS_RUNTIME_DIR", temp.resolve("runtime").toString(), "TMPDIR", temp.toString());
        LaunchEnvironment launch = new LaunchEnvironment(() -> {
            located++;
            return new Installation(root);
        }, env, new ByteArrayInputStream(new byte[0]), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), receivers::add, false, System.nanoTime(), Map.of());
        return new Launcher(launch).run(args);
    }

    private String err() {
        // the console writes stderr on a thread of its own: wait for its line, within a bound
        await().atMost(Duration.ofSeconds(10)).until(() -> err.size() > 0);
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void helpNeedsNoInstallation() throws Exception {
        assertEquals(ExitCode.SUCCESS, run("--help"));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("--backgroundtask"), out::toString);
        assertEquals(0, located);
    }

    @Test
    void versionBesideAnUnknownOptionIsAUsageErrorOfOneLine() throws Exception {
        assertEquals(ExitCode.USAGE, run("--version", "--frobnicate"));
        String e = err();
        assertTrue(e.endsWith("ERROR backgroundtasks: unknown option '--frobnicate' (see --help)\n"), e);
        assertEquals(1, e.lines().count(), e);
        assertEquals("", out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aTaskNotFoundIsTwoAndInstallsNoSignalHandler() throws Exception {
        assertEquals(ExitCode.NOT_FOUND, run("--backgroundtask", "nowhere"));
        assertTrue(err().contains("no background task named 'nowhere' in "), err::toString);
        assertEquals(1, located);
        assertEquals(List.of(), receivers, "signals are received by a run, not by a lookup");
    }
}
