package dev.backgroundtasks.schedules.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.backgroundtasks.api.ExitCode;
import dev.backgroundtasks.api.TaskSchedule;

class CronEntryTest {
    private static final Invocation INVOCATION = OsTools.invocation();

    @Test
    void everyBecomesCronFields() {
        assertEquals("*/15 * * * *", CronEntry.fields(every("15m")));
        assertEquals("* * * * *", CronEntry.fields(every("1m")));
        assertEquals("0 * * * *", CronEntry.fields(every("1h")));
        assertEquals("0 */6 * * *", CronEntry.fields(every("6h")));
        assertEquals("0 0 * * *", CronEntry.fields(every("1d")));
        assertEquals("0 0 * * 1", CronEntry.fields(every("1w")));
        for (String none : List.of("30s", "45m", "7h", "2d")) {
            assertThrows(IllegalArgumentException.class, () -> CronEntry.fields(every(none)), none);
        }
    }

    @Test
    void calendarBecomesCronFieldsWhereCronCanHoldIt() {
        assertEquals("0 0 * * *", CronEntry.calendarFields("daily"));
        assertEquals("0 * * * *", CronEntry.calendarFields("hourly"));
        assertEquals("0 0 1 * *", CronEntry.calendarFields("monthly"));
        assertEquals("30 9 * * 1-5", CronEntry.calendarFields("Mon..Fri *-*-* 09:30"));
        assertEquals("0 3 * * 6,7", CronEntry.calendarFields("Sat,Sun 03:00"));
        assertEquals("0 4 1 * *", CronEntry.calendarFields("*-*-01 04:00:00"));
        assertEquals("0-59/20 * * * *", CronEntry.calendarFields("*:0/20"));
        assertEquals("0 8,12,18 * * *", CronEntry.calendarFields("8,12,18:00"));
        for (String none : List.of("2027-01-01 00:00", "*:*:30", "Mon..Fri 25:00", "fortnightly", "*-*-* 1..3:0/7x")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CronEntry.calendarFields(none),
                    none);
            assertTrue(e.getMessage().contains("cron cannot express"), e.getMessage());
        }
    }

    @Test
    void theEntryLocksJittersAndEscapesPercent() {
        TaskSchedule s = every("1h").jitter(Duration.ofMinutes(5)).arguments(List.of("50%", "it's"));
        String[] lines = CronEntry.render(INVOCATION, s).split("\n");
        assertEquals(2, lines.length);
        assertTrue(Marker.marks(INVOCATION, "write_args", lines[0]), lines[0]);
        String entry = lines[1];
        assertTrue(entry.startsWith("0 * * * * sleep \"$(shuf -i 0-300 -n 1)\"; umask 077; { mkdir -p "), entry);
        assertTrue(entry.contains(" exec flock -n -E " + ExitCode.ALREADY_RUNNING + " "
                + INVOCATION.runtimeDir().resolve("schedule-write_args.lock") + " env LC_ALL=C.UTF-8 "), entry);
        assertTrue(entry.endsWith(" --backgroundtask write_args -- '50\\%' 'it'\\''s'"), entry);
        assertEquals("sleep \"$(shuf -i 0-300 -n 1)\";", CronEntry.command(INVOCATION, s).split(" umask")[0]);
    }

    @Test
    void systemScopeHasTheUserFieldAndCronCannotCatchUpOrHoldLineBreaks() {
        String entry = CronEntry.render(INVOCATION, every("1d").scope(TaskSchedule.Scope.SYSTEM)).split("\n")[1];
        assertTrue(entry.startsWith("0 0 * * * root umask 077;"), entry);
        assertThrows(IllegalArgumentException.class, () -> CronEntry.render(INVOCATION, every("1d").catchUp(true)));
        assertThrows(IllegalArgumentException.class,
                () -> CronEntry.render(INVOCATION, every("1d").arguments(List.of("a\nb"))));
    }

    private static TaskSchedule every(String duration) {
        return TaskSchedule.every("write_args", TaskSchedule.parseDuration(duration));
    }
}
