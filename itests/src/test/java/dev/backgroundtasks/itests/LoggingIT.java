package dev.backgroundtasks.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.backgroundtasks.testing.BackgroundTaskResult;
import dev.backgroundtasks.testing.BackgroundTaskRun;

/**
 * Logging (docs/writing-tasks.md, "Logging"): SLF4J 2 with nothing dropped in, a dropped-in provider, the OSGi Log Service, JUL and
 * System.Logger, all on stderr in one format at the loglevel, as JSON on request, silent for no-output tasks.
 */
class LoggingIT extends InstallationPerTest {
    static final String LINE = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z ";
    private static final String FIXTURE = "dev.backgroundtasks.testing.fixture.slf4j";

    @BeforeEach
    void fixtures() {
        inst.drop(Fixtures.fixture(FIXTURE), app, "slf4j-fixture.jar");
        inst.drop(Fixtures.fixture("dev.backgroundtasks.testing.fixture.logservice"), app, "logservice.jar");
    }

    /** The JDK 25 the other JDK 25 tests use, or the test is skipped. */
    static Path jdk25() {
        Path java = Path.of(System.getProperty("backgroundtasks.jdk25", "/usr/lib/jvm/temurin-25-jdk-amd64"), "bin", "java");
        Assumptions.assumeTrue(new File(java.toString()).canExecute(), "no JDK 25 here");
        return java;
    }

    /** A jar the build copied from Maven Central into target/dropins. */
    static Path fromCentral(String prefix) {
        try (Stream<Path> s = Files.list(Path.of("target/dropins"))) {
            return s.filter(p -> p.getFileName().toString().startsWith(prefix)).findFirst()
                    .orElseThrow(() -> new IllegalStateException(prefix + "* not in target/dropins"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private BackgroundTaskRun launch(String... args) {
        return BackgroundTaskRun.launcher(args);
    }

    static boolean hasLine(BackgroundTaskResult r, String regex) {
        Pattern p = Pattern.compile(regex);
        return r.stderr().stream().anyMatch(l -> p.matcher(l).matches());
    }

    private static void assertSlf4jReport(BackgroundTaskResult r) {
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals(List.of("report done"), r.stdout(), r::toString);
        assertTrue(hasLine(r, LINE + "INFO " + FIXTURE + ": report sent to 2 recipients"), r::toString);
        assertTrue(hasLine(r, LINE + "WARN " + FIXTURE + ": mailbox reports is almost full"), r::toString);
        assertTrue(hasLine(r, LINE + "ERROR " + FIXTURE + ": one recipient was refused \\[java.lang.IllegalStateException: "
                + "550 no such user\\\\n\\\\tat dev.backgroundtasks.testing.fixture.slf4j.ReportTask.run.*\\]"), r::toString);
        assertFalse(r.stderrText().contains("looking at 3 folders"), r::toString);
        assertFalse(r.stderrText().contains("SLF4J"), r::toString);
    }

    @Test
    void slf4jWithNothingDroppedIn() {
        assertSlf4jReport(launch("--backgroundtask", "slf4j_report", "--pref", "toolkit.backgroundtasks.loglevel=info").run());
    }

    @Test
    void slf4jWithNothingDroppedInOnJdk25() {
        assertSlf4jReport(launch("--backgroundtask", "slf4j_report", "--pref", "toolkit.backgroundtasks.loglevel=info")
                .java(jdk25()).run());
    }

    @Test
    void levels() {
        BackgroundTaskResult byDefault = launch("--backgroundtask", "slf4j_report").run();
        assertEquals(0, byDefault.exitCode(), byDefault::toString);
        assertTrue(byDefault.stderrText().contains("one recipient was refused"), byDefault::toString);
        assertFalse(byDefault.stderrText().contains("mailbox reports"), byDefault::toString);
        assertFalse(byDefault.stderrText().contains("report sent"), byDefault::toString);
        BackgroundTaskResult warn = launch("--backgroundtask", "slf4j_report", "--pref", "toolkit.backgroundtasks.loglevel=warn").run();
        assertTrue(warn.stderrText().contains("mailbox reports"), warn::toString);
        assertFalse(warn.stderrText().contains("report sent"), warn::toString);
        BackgroundTaskResult debug = launch("--backgroundtask", "slf4j_report", "--pref", "toolkit.backgroundtasks.loglevel=debug").run();
        assertTrue(hasLine(debug, LINE + "DEBUG " + FIXTURE + ": looking at 3 folders"), debug::toString);
    }

    @Test
    void noOutputTaskIsSilentWhateverItLogs() {
        BackgroundTaskResult r = launch("--backgroundtask", "slf4j_quiet", "--pref", "toolkit.backgroundtasks.loglevel=debug").run();
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals(List.of(), r.stdout(), r::toString);
        assertEquals(List.of(), r.stderr(), r::toString);
    }

    @Test
    void jsonLines() {
        BackgroundTaskResult r = launch("--backgroundtask", "slf4j_report", "--pref", "toolkit.backgroundtasks.loglevel=info",
                "--pref", "toolkit.backgroundtasks.logformat=json").run();
        assertEquals(0, r.exitCode(), r::toString);
        List<String> entries = r.stderr().stream().filter(l -> !l.startsWith("***")).toList();
        assertFalse(entries.isEmpty(), r::toString);
        for (String l : entries) {
            assertTrue(l.matches("\\{\"time\":\"" + LINE.trim() + "\",\"level\":\"[A-Z]+\",\"bundle\":\"[^\"]+\".*\\}"), l);
        }
        assertTrue(entries.stream().anyMatch(l -> l.contains("\"level\":\"WARN\",\"bundle\":\"" + FIXTURE + "\"")
                && l.contains("\"message\":\"mailbox reports is almost full\"")), r::toString);
        assertTrue(entries.stream().anyMatch(l -> l.contains("\"message\":\"one recipient was refused\"")
                && l.contains("\"exception\":\"java.lang.IllegalStateException: 550 no such user\\n\\tat ")), r::toString);
    }

    @Test
    void platformLinesShareTheFormat() {
        BackgroundTaskResult r = launch("--backgroundtask", "no_such_task").run();
        assertEquals(2, r.exitCode(), r::toString);
        assertTrue(hasLine(r, LINE + "ERROR backgroundtasks: no background task named 'no_such_task'.*"), r::toString);
    }

    @Test
    void droppedInSlf4jSimpleWritesToStderr() {
        inst.drop(fromCentral("slf4j-simple-"), app, "slf4j-simple.jar");
        BackgroundTaskResult r = launch("--backgroundtask", "slf4j_report", "--pref", "toolkit.backgroundtasks.loglevel=info").run();
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals(List.of("report done"), r.stdout(), r::toString);
        assertTrue(r.stderrText().contains("INFO dev.backgroundtasks.testing.fixture.slf4j.ReportTask - report sent to 2 recipients"),
                r::toString);
        assertTrue(r.stderrText().contains("java.lang.IllegalStateException: 550 no such user"), r::toString);
        assertFalse(r.stderrText().contains("looking at 3 folders"), r::toString);
    }

    @Test
    void droppedInLogbackWritesToStderrAtTheLoglevel() {
        inst.drop(fromCentral("logback-classic-"), app, "logback-classic.jar");
        inst.drop(fromCentral("logback-core-"), app, "logback-core.jar");
        BackgroundTaskResult r = launch("--backgroundtask", "slf4j_report", "--pref", "toolkit.backgroundtasks.loglevel=info").run();
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals(List.of("report done"), r.stdout(), r::toString);
        assertTrue(hasLine(r, LINE + "INFO dev.backgroundtasks.testing.fixture.slf4j.ReportTask: report sent to 2 recipients"),
                r::toString);
        assertTrue(r.stderrText().contains("java.lang.IllegalStateException: 550 no such user"), r::toString);
        assertFalse(r.stderrText().contains("looking at 3 folders"), r::toString);
    }

    @Test
    void droppedInCopiesOfThePlatformsLibrariesGiveWaySilently() {
        inst.drop(fromCentral("slf4j-api-"), app, "slf4j-api.jar");
        inst.drop(fromCentral("org.apache.felix.log-"), app, "felix-log.jar");
        BackgroundTaskResult r = launch("--backgroundtask", "slf4j_report", "--pref", "toolkit.backgroundtasks.loglevel=info").run();
        assertSlf4jReport(r);
        assertFalse(r.stderrText().contains("skipping"), r::toString);
        BackgroundTaskResult log = launch("--backgroundtask", "logservice", "--pref", "toolkit.backgroundtasks.loglevel=info").run();
        assertEquals(0, log.exitCode(), log::toString);
        assertTrue(log.stderrText().contains("log service warn line"), log::toString);
        assertFalse(log.stderrText().contains("skipping"), log::toString);
    }

    private static void assertLogService(BackgroundTaskResult r) {
        String bundle = "dev.backgroundtasks.testing.fixture.logservice";
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(hasLine(r, LINE + "INFO " + bundle + ": log service info line"), r::toString);
        assertTrue(hasLine(r, LINE + "WARN " + bundle + ": log service warn line"), r::toString);
        assertTrue(hasLine(r, LINE + "ERROR " + bundle + ": log service error line \\[java.lang.IllegalArgumentException: bad input.*"),
                r::toString);
        assertFalse(r.stderrText().contains("ServiceEvent"), r::toString);
    }

    @Test
    void osgiLogService() {
        assertLogService(launch("--backgroundtask", "logservice", "--pref", "toolkit.backgroundtasks.loglevel=info").run());
    }

    @Test
    void osgiLogServiceOnJdk25() {
        assertLogService(launch("--backgroundtask", "logservice", "--pref", "toolkit.backgroundtasks.loglevel=info")
                .java(jdk25()).run());
    }

    @Test
    void julAndSystemLoggerShareTheFormat() {
        BackgroundTaskResult r = launch("--backgroundtask", "jdk_logging", "--pref", "toolkit.backgroundtasks.loglevel=warn").run();
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(hasLine(r, LINE + "WARN example.jul: JUL warning line"), r::toString);
        assertTrue(hasLine(r, LINE + "ERROR example.system: System.Logger error line"), r::toString);
        assertFalse(r.stderrText().contains("JUL fine line"), r::toString);
    }
}
