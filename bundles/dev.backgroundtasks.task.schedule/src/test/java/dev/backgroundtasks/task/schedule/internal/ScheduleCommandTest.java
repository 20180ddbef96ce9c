package dev.backgroundtasks.task.schedule.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.backgroundtasks.api.TaskSchedule;
import dev.backgroundtasks.api.TaskSchedules;

class ScheduleCommandTest {
    @Test
    void addReadsEveryOption() throws Exception {
        ScheduleCommand.Add add = add("add", "write_args", "--every", "15m", "--jitter=5m", "--catch-up", "--system",
                "--print", "--format", "cron", "--", "-v", "a b");
        TaskSchedule expected = TaskSchedule.every("write_args", Duration.ofMinutes(15)).jitter(Duration.ofMinutes(5))
                .catchUp(true).scope(TaskSchedule.Scope.SYSTEM).arguments(List.of("-v", "a b"));
        assertEquals(new ScheduleCommand.Add(expected, true, TaskSchedules.Format.CRON), add);
        assertEquals(TaskSchedule.calendar("t", "Mon *-*-* 09:00"), add("add", "t", "--calendar", "Mon *-*-* 09:00").schedule());
        assertEquals(TaskSchedules.Format.SYSTEMD, add("add", "t", "--every", "1h", "--print").format());
    }

    @Test
    void taskArgumentsStartAtTheFirstWordAfterTheLauncherTookTheDashDash() throws Exception {
        assertEquals(List.of("/tmp/out", "--x", "--"), add("add", "t", "--every", "1h", "/tmp/out", "--x", "--")
                .schedule().arguments());
        assertEquals(List.of("--verbose"), add("add", "t", "--every", "1h", "--", "--verbose").schedule().arguments());
    }

    @Test
    void toStringIsTheCommandLineThatGivesTheSchedule() throws Exception {
        for (TaskSchedule s : List.of(TaskSchedule.every("t", Duration.ofHours(6)).arguments(List.of("a b", "it's")),
                TaskSchedule.calendar("t", "Mon..Fri *-*-* 09:30").jitter(Duration.ofSeconds(90)).catchUp(true)
                        .scope(TaskSchedule.Scope.SYSTEM).arguments(List.of("-v", "x")))) {
            assertEquals(s, add(launcherView(shellSplit(s.toString()))).schedule(), s.toString());
        }
    }

    @Test
    void listAndRemove() throws Exception {
        assertEquals(new ScheduleCommand.ListSchedules(), ScheduleCommand.parse(List.of("list")));
        assertEquals(new ScheduleCommand.Remove("t", TaskSchedule.Scope.USER), ScheduleCommand.parse(List.of("remove", "t")));
        assertEquals(new ScheduleCommand.Remove("t", TaskSchedule.Scope.SYSTEM),
                ScheduleCommand.parse(List.of("remove", "t", "--system")));
    }

    @Test
    void badCommandLinesAreUsageErrors() {
        for (List<String> bad : List.of(List.<String>of(), List.of("frobnicate"), List.of("add"), List.of("add", "--every", "1h"),
                List.of("add", "t"), List.of("add", "t", "--every", "1h", "--calendar", "daily"),
                List.of("add", "t", "--every", "1h", "--every", "2h"), List.of("add", "t", "--every"),
                List.of("add", "t", "--every", "soon"), List.of("add", "t", "--every", "0m"),
                List.of("add", "t", "--every", "1h", "--jitter", "1x"), List.of("add", "bad name", "--every", "1h"),
                List.of("add", "t", "--every", "1h", "--format", "cron"),
                List.of("add", "t", "--every", "1h", "--print", "--format", "upstart"),
                List.of("add", "t", "--every", "1h", "--print=yes"), List.of("add", "t", "--every", "1h", "--bogus"),
                List.of("add", "t", "--calendar", ""), List.of("list", "x"), List.of("remove"),
                List.of("remove", "t", "--every"))) {
            assertThrows(ScheduleCommand.UsageException.class, () -> ScheduleCommand.parse(bad), bad.toString());
        }
        ScheduleCommand.UsageException e = assertThrows(ScheduleCommand.UsageException.class,
                () -> ScheduleCommand.parse(List.of("add", "t", "--every", "1h", "--format", "launchd")));
        assertTrue(e.getMessage().contains("print-only"), e.getMessage());
    }

    private static ScheduleCommand.Add add(String... args) throws Exception {
        return add(Arrays.asList(args));
    }

    private static ScheduleCommand.Add add(List<String> args) throws Exception {
        return (ScheduleCommand.Add) ScheduleCommand.parse(args);
    }

    /** {@code schedule add WORDS} as the task sees it: the launcher takes the first "--". */
    private static List<String> launcherView(List<String> words) {
        List<String> view = new java.util.ArrayList<>(List.of("add"));
        view.addAll(words);
        view.remove("--");
        return view;
    }

    /** The words a POSIX shell reads from what TaskSchedule.toString() writes. */
    private static List<String> shellSplit(String line) throws Exception {
        Process p = new ProcessBuilder("sh", "-c", "eval \"set -- $1\"; for a; do printf '%s\\0' \"$a\"; done", "sh", line)
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        return List.of(out.split("\u0000"));
    }
}
