package dev.backgroundtasks.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every exit code of contract section 4, from a forked launcher. */
class ExitCodesIT {
    @TempDir
    Path tmp;

    private Launch.Result run(String... args) {
        return Launch.in(Installations.BUILT).tmpdir(tmp).args(args).run();
    }

    @Test
    void successExitsZeroAndLeavesNoProfile() {
        Launch.Result r = run("--backgroundtask", "success");
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals(0, Launch.profilesIn(tmp).size(), "profile removed");
    }

    @Test
    void failureTaskExitsOne() {
        assertEquals(1, run("--backgroundtask", "failure").exitCode());
    }

    @Test
    void unknownTaskExitsTwoWithAMessage() {
        Launch.Result r = run("--backgroundtask", "no_such_task");
        assertEquals(2, r.exitCode(), r::toString);
        assertTrue(r.err().contains("no background task named 'no_such_task'"), r::toString);
        assertEquals(0, Launch.profilesIn(tmp).size());
    }

    @Test
    void throwingTaskExitsThreeAndRemovesItsProfile() {
        Launch.Result r = run("--backgroundtask", "exception");
        assertEquals(3, r.exitCode(), r::toString);
        assertTrue(r.err().contains("the exception task throws"), r::toString);
        assertEquals(0, Launch.profilesIn(tmp).size());
    }

    @Test
    void taskSpecificCodesPassThroughAndOutOfRangeIsThree() {
        assertEquals(42, run("--backgroundtask", "exitcode", "42").exitCode());
        assertEquals(125, run("--backgroundtask", "exitcode", "125").exitCode());
        assertEquals(3, run("--backgroundtask", "exitcode", "126").exitCode());
        assertEquals(3, run("--backgroundtask", "exitcode", "-1").exitCode());
    }

    @Test
    void timeoutExitsFourLongBeforeTheTaskWouldEnd() {
        Launch.Result r = run("--backgroundtask", "timeout");
        assertEquals(4, r.exitCode(), r::toString);
        assertTrue(r.err().contains("timed out"), r::toString);
        assertTrue(r.wall().compareTo(Duration.ofSeconds(60)) < 0, r::toString);
        assertEquals(0, Launch.profilesIn(tmp).size());
    }

    @Test
    void unresolvableTaskBundleExitsFiveNamingBundleAndRequirement() {
        Path app = Installations.copy(tmp.resolve("inst"));
        Installations.drop(Installations.fixture("dev.backgroundtasks.testing.fixture.unresolvable"),
                app.resolve("app/backgroundtasks"), "unresolvable.jar");
        Launch.Result r = Launch.in(app).tmpdir(tmp).args("--backgroundtask", "unresolvable").run();
        assertEquals(5, r.exitCode(), r::toString);
        assertTrue(r.err().contains("dev.backgroundtasks.testing.fixture.unresolvable"), r::toString);
        assertTrue(r.err().contains("com.example.nonexistent"), r::toString);
    }

    @Test
    void taskWhoseServiceNeverRegistersExitsFiveNamingTheReference() {
        Path app = Installations.copy(tmp.resolve("inst"));
        Installations.drop(Installations.fixture("dev.backgroundtasks.testing.fixture.missingservice"),
                app.resolve("app/backgroundtasks"), "missingservice.jar");
        Launch.Result r = Launch.in(app).tmpdir(tmp).args("--backgroundtask", "missingservice").run();
        assertEquals(5, r.exitCode(), r::toString);
        assertTrue(r.err().contains("unavailable"), r::toString);
        assertTrue(r.err().contains("MissingServiceTask$Unavailable"), r::toString);
    }

    @Test
    void badCommandLinesExitSeven() {
        String[][] lines = {
            {"--backgroundtask"},
            {"--backgroundtask", "-x"},
            {"--backgroundtask", "bad name"},
            {"--backgroundtask", "a".repeat(65)},
            {"--bogus", "--backgroundtask", "success"},
            {"stray", "--backgroundtask", "success"},
            {"--backgroundtask", "success", "--backgroundtask", "failure"},
            {"--pref", "novalue", "--backgroundtask", "success"},
            {"--detach"},
            {"--profile"},
        };
        for (String[] line : lines) {
            Launch.Result r = run(line);
            assertEquals(7, r.exitCode(), () -> String.join(" ", line) + "\n" + r);
            assertEquals(1, r.stderr().size(), () -> "one line for " + String.join(" ", line) + "\n" + r);
        }
    }

    @Test
    void systemExitInATaskEndsTheRunWithItsCodeAndRemovesTheProfile() {
        Launch.Result r = run("--backgroundtask", "system_exit", "17");
        assertEquals(17, r.exitCode(), r::toString);
        assertEquals(0, Launch.profilesIn(tmp).size());
    }
}
