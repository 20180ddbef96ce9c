package dev.backgroundtasks.itests;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Contract section 4: signals, and a task that ignores everything still ends. */
class SignalsAndTimeoutsIT {
    @TempDir
    Path tmp;

    @ParameterizedTest
    @CsvSource({"TERM,143", "INT,130", "HUP,129"})
    void aSignalShutsDownInOrderAndRemovesTheProfile(String signal, int expected) throws Exception {
        signalEndsTheRun(Launch.in(Installations.BUILT), signal, expected);
    }

    /**
     * docs/reliability.md, rule 20: started from a script that ignores SIGINT and SIGHUP (nohup,
     * {@code mvn install &}), the launcher still gets default dispositions and ends on the signal.
     */
    @ParameterizedTest
    @CsvSource({"INT,130", "HUP,129"})
    void aSignalIgnoredByWhoeverStartedTheTestsStillEndsTheRun(String signal, int expected) throws Exception {
        signalEndsTheRun(Launch.in(Installations.BUILT).wrappedIn("sh", "-c", "trap '' INT HUP; exec \"$@\"", "sh"),
                signal, expected);
    }

    private void signalEndsTheRun(Launch launch, String signal, int expected) throws Exception {
        Process p = launch.tmpdir(tmp).args("--backgroundtask", "wait", "120").start();
        try {
            BufferedReader err = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8));
            assertEquals("*** You are running in background task mode. ***", err.readLine());
            awaitFrameworkStorage();
            new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid())).inheritIO().start().waitFor();
            assertTrue(p.waitFor(30, TimeUnit.SECONDS), "exited");
            assertEquals(expected, p.exitValue());
            assertEquals(0, Launch.profilesIn(tmp).size(), "profile removed");
        } finally {
            p.destroyForcibly(); // a failing test never leaves its 'wait 120' child running
        }
    }

    /** The run's framework storage exists: the launcher made it after installing its signal handlers. */
    private void awaitFrameworkStorage() {
        await("the run's framework storage").atMost(Duration.ofSeconds(30)).until(() -> Launch.profilesIn(tmp).stream()
                .anyMatch(profile -> Files.isDirectory(profile.resolve("framework"))));
    }

    @Test
    void aTaskThatIgnoresInterruptionAndLeavesThreadsStillEndsWithFour() {
        Launch.Result r = Launch.in(Installations.BUILT).tmpdir(tmp).timeout(Duration.ofSeconds(60))
                .args("--backgroundtask", "hang", "--pref", "toolkit.backgroundtasks.shutdownTimeoutSec=2").run();
        assertEquals(4, r.exitCode(), r::toString);
        assertTrue(r.wall().compareTo(Duration.ofSeconds(30)) < 0, r::toString);
        assertEquals(0, Launch.profilesIn(tmp).size(), "profile removed");
    }

    @Test
    void minimumRuntimeHolds() {
        Launch.Result r = Launch.in(Installations.BUILT).tmpdir(tmp).args("--backgroundtask", "minruntime").run();
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.wall().toMillis() > 1800, r::toString);
    }
}
