package dev.backgroundtasks.schedules.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.backgroundtasks.api.ExitCode;
import dev.backgroundtasks.api.TaskSchedule;

class SystemdUnitsTest {
    /**
     * The documented ceiling of {@code systemd-analyze security --offline=yes} for the generated service
     * (docs/scheduling.md): "OK" is below 5; the units measure 2.3.
     */
    static final double EXPOSURE_THRESHOLD = 3.0;

    private static final Invocation INVOCATION = OsTools.invocation();
    private static final List<String> AWKWARD_ARGS = List.of("a b", "it's", "say \"hi\"", "50%", "$HOME", "${X}",
            "back\\slash", ";", "", "line\nbreak", "tab\there", "ünïcødé", "-v", "--");

    /** Every option the command line has, alone and together. */
    static List<TaskSchedule> schedules() {
        List<TaskSchedule> all = new ArrayList<>();
        for (String every : List.of("30s", "1m", "15m", "45m", "1h", "6h", "7h", "1d", "2d", "1w")) {
            all.add(TaskSchedule.every("write_args", TaskSchedule.parseDuration(every)));
        }
        for (String calendar : List.of("daily", "Mon..Fri *-*-* 09:30", "*-*-01 04:00:00", "*:0/20")) {
            all.add(TaskSchedule.calendar("write_args", calendar));
        }
        TaskSchedule hourly = TaskSchedule.every("write_args", Duration.ofHours(1));
        all.add(hourly.jitter(Duration.ofMinutes(10)));
        all.add(hourly.catchUp(true));
        all.add(hourly.scope(TaskSchedule.Scope.SYSTEM));
        all.add(hourly.arguments(AWKWARD_ARGS));
        all.add(TaskSchedule.calendar("write_args", "Sat *-*-* 03:00").jitter(Duration.ofHours(2)).catchUp(true)
                .scope(TaskSchedule.Scope.SYSTEM).arguments(List.of("x y")));
        return all;
    }

    @Test
    void everyScheduleVerifiesWithEmptyStderr(@TempDir Path dir) throws IOException {
        OsTools.require("systemd-analyze");
        int n = 0;
        for (TaskSchedule s : schedules()) {
            Path folder = Files.createDirectory(dir.resolve("s" + n++));
            List<String> command = new ArrayList<>(List.of("systemd-analyze", "verify", "--man=no"));
            for (Map.Entry<String, String> f : SystemdUnits.render(INVOCATION, s).entrySet()) {
                command.add(Files.writeString(folder.resolve(f.getKey()), f.getValue(), StandardCharsets.UTF_8).toString());
            }
            OsCommand.Result r = OsCommand.run(command, null);
            assertEquals(0, r.exitCode(), s + ": " + r);
            assertEquals("", r.stderr(), "systemd-analyze verify warns about " + s);
        }
    }

    @Test
    void serviceExposureIsUnderTheDocumentedThreshold(@TempDir Path dir) throws IOException {
        OsTools.require("systemd-analyze");
        for (TaskSchedule s : List.of(TaskSchedule.every("write_args", Duration.ofHours(1)),
                TaskSchedule.every("write_args", Duration.ofHours(1)).scope(TaskSchedule.Scope.SYSTEM))) {
            Map<String, String> files = SystemdUnits.render(INVOCATION, s);
            String name = files.keySet().iterator().next();
            Path service = Files.writeString(dir.resolve(name), files.get(name), StandardCharsets.UTF_8);
            OsCommand.Result r = OsTools.run("systemd-analyze", "security", "--offline=yes",
                    "--threshold=" + (int) Math.ceil(EXPOSURE_THRESHOLD * 10), service.toString());
            assertEquals(0, r.exitCode(), r.toString());
            Matcher m = Pattern.compile("Overall exposure level for \\S+: ([0-9.]+)").matcher(r.stdout());
            assertTrue(m.find(), r.stdout());
            double exposure = Double.parseDouble(m.group(1));
            assertTrue(exposure <= EXPOSURE_THRESHOLD, "exposure " + exposure + " > " + EXPOSURE_THRESHOLD);
        }
    }

    @Test
    void systemdAcceptsEveryCalendarExpressionGenerated() throws IOException {
        OsTools.require("systemd-analyze");
        for (TaskSchedule s : schedules()) {
            Optional<String> onCalendar = SystemdUnits.timer(INVOCATION, s).lines()
                    .filter(l -> l.startsWith("OnCalendar=")).map(l -> l.substring("OnCalendar=".length())).findFirst();
            if (onCalendar.isPresent()) {
                OsCommand.Result r = OsTools.run("systemd-analyze", "calendar", onCalendar.get());
                assertEquals(0, r.exitCode(), onCalendar.get() + ": " + r);
                assertEquals("", r.stderr());
            }
        }
    }

    @Test
    void everyIsACalendarWhereOneExistsElseOnActiveSecWithOnUnitActiveSec() {
        assertEquals(Optional.of("hourly"), SystemdUnits.onCalendar(Duration.ofHours(1)));
        assertEquals(Optional.of("daily"), SystemdUnits.onCalendar(Duration.ofDays(1)));
        assertEquals(Optional.of("weekly"), SystemdUnits.onCalendar(Duration.ofDays(7)));
        assertEquals(Optional.of("minutely"), SystemdUnits.onCalendar(Duration.ofMinutes(1)));
        assertEquals(Optional.of("*:0/15"), SystemdUnits.onCalendar(Duration.ofMinutes(15)));
        assertEquals(Optional.of("0/6:00"), SystemdUnits.onCalendar(Duration.ofHours(6)));
        assertEquals(Optional.of("*:*:0/30"), SystemdUnits.onCalendar(Duration.ofSeconds(30)));
        for (Duration none : List.of(Duration.ofMinutes(45), Duration.ofHours(7), Duration.ofDays(2), Duration.ofSeconds(90))) {
            assertEquals(Optional.empty(), SystemdUnits.onCalendar(none), none.toString());
        }
        String timer = SystemdUnits.timer(INVOCATION, TaskSchedule.every("t", Duration.ofMinutes(45)));
        assertTrue(timer.contains("\nOnActiveSec=45min\nOnUnitActiveSec=45min\n"), timer);
        assertFalse(timer.contains("OnCalendar="), timer);
        assertTrue(SystemdUnits.timer(INVOCATION, TaskSchedule.every("t", Duration.ofHours(1))).contains("\nOnCalendar=hourly\n"));
        assertTrue(SystemdUnits.timer(INVOCATION, TaskSchedule.calendar("t", "Mon *-*-* 09:00"))
                .contains("\nOnCalendar=Mon *-*-* 09:00\n"));
    }

    @Test
    void jitterAndCatchUp() {
        TaskSchedule daily = TaskSchedule.every("t", Duration.ofDays(1));
        assertFalse(SystemdUnits.timer(INVOCATION, daily).contains("RandomizedDelaySec"));
        assertFalse(SystemdUnits.timer(INVOCATION, daily).contains("Persistent"));
        assertTrue(SystemdUnits.timer(INVOCATION, daily.jitter(Duration.ofMinutes(30))).contains("\nRandomizedDelaySec=30min\n"));
        assertTrue(SystemdUnits.timer(INVOCATION, daily.catchUp(true)).contains("\nPersistent=true\n"));
        // Persistent= acts on OnCalendar only: an interval without a calendar form cannot catch up
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SystemdUnits.timer(INVOCATION,
                TaskSchedule.every("t", Duration.ofMinutes(45)).catchUp(true)));
        assertTrue(e.getMessage().contains("--catch-up"), e.getMessage());
    }

    @Test
    void serviceSettingsComeFromTheExitCodeConstants() {
        String service = SystemdUnits.service(INVOCATION, TaskSchedule.every("write_args", Duration.ofHours(1)));
        assertTrue(service.contains("\nType=oneshot\n"), service);
        assertTrue(service.contains("\nSuccessExitStatus=" + ExitCode.SIGTERM + "\n"), service);
        String never = Arrays.stream(ExitCode.neverRetryable()).mapToObj(Integer::toString).collect(Collectors.joining(" "));
        assertTrue(service.contains("\nRestartPreventExitStatus=" + never + "\n"), service);
        assertTrue(service.contains("\nRestart=on-failure\n"), service);
        for (String option : SystemdUnits.HARDENING) {
            assertTrue(service.contains("\n" + option + "\n"), option);
        }
        assertTrue(service.contains("\nEnvironment=\"LC_ALL=C.UTF-8\"\n"), service);
        assertTrue(service.startsWith("# backgroundtasks-0123456789abcdef-write_args schedule "), service);
    }

    @Test
    void execStartQuotesEveryArgumentForSystemd() {
        String line = SystemdUnits.execLine(List.of("/usr/bin/java", "a b", "it's", "say \"hi\"", "50%", "$HOME",
                "back\\slash", ";", "", "line\nbreak", "ünï"));
        assertEquals("\"/usr/bin/java\" \"a b\" \"it's\" \"say \\\"hi\\\"\" \"50%%\" \"$$HOME\" \"back\\\\slash\" \\; \"\""
                + " \"line\\nbreak\" \"ünï\"", line);
        String service = SystemdUnits.service(INVOCATION, TaskSchedule.every("write_args", Duration.ofHours(1))
                .arguments(List.of("x")));
        assertTrue(service.contains("\nExecStart=\"" + INVOCATION.java() + "\" \"-jar\" \"/opt/backgroundtasks/launcher.jar\""
                + " \"--backgroundtask\" \"write_args\" \"--\" \"x\"\n"), service);
    }

    @Test
    void namesCarryTheInstallationHash() {
        Map<String, String> files = SystemdUnits.render(INVOCATION, TaskSchedule.every("write_args", Duration.ofHours(1)));
        assertEquals(List.of("backgroundtasks-0123456789abcdef-write_args.service",
                "backgroundtasks-0123456789abcdef-write_args.timer"), new ArrayList<>(files.keySet()));
    }
}
