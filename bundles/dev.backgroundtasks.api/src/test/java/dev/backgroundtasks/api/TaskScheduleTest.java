package dev.backgroundtasks.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class TaskScheduleTest {
    @Test
    void durationsOfTheCommandLine() {
        assertEquals(Duration.ofSeconds(30), TaskSchedule.parseDuration("30s"));
        assertEquals(Duration.ofMinutes(15), TaskSchedule.parseDuration("15m"));
        assertEquals(Duration.ofHours(6), TaskSchedule.parseDuration("6H"));
        assertEquals(Duration.ofDays(1), TaskSchedule.parseDuration("1d"));
        assertEquals(Duration.ofDays(14), TaskSchedule.parseDuration("2w"));
        for (String bad : List.of("", "15", "m", "1.5h", "-1h", "1h30m", "1y", "10000000000s")) {
            assertThrows(IllegalArgumentException.class, () -> TaskSchedule.parseDuration(bad), bad);
        }
        assertEquals("90s", TaskSchedule.formatDuration(Duration.ofSeconds(90)));
        assertEquals("45m", TaskSchedule.formatDuration(Duration.ofMinutes(45)));
        assertEquals("36h", TaskSchedule.formatDuration(Duration.ofHours(36)));
        assertEquals("2w", TaskSchedule.formatDuration(Duration.ofDays(14)));
        assertEquals("0s", TaskSchedule.formatDuration(Duration.ZERO));
    }

    @Test
    void anImmutableValue() {
        List<String> args = new ArrayList<>(List.of("a"));
        TaskSchedule s = TaskSchedule.every("t", Duration.ofHours(1));
        TaskSchedule full = s.jitter(Duration.ofMinutes(5)).catchUp(true).scope(TaskSchedule.Scope.SYSTEM).arguments(args);
        args.add("b");
        assertEquals(List.of("a"), full.arguments());
        assertEquals(Duration.ZERO, s.jitter());
        assertEquals(TaskSchedule.Scope.USER, s.scope());
        assertEquals(Optional.of(Duration.ofHours(1)), full.interval());
        assertEquals(Optional.empty(), full.calendarExpression());
        assertEquals(full, TaskSchedule.every("t", Duration.ofMinutes(60)).jitter(Duration.ofSeconds(300)).catchUp(true)
                .scope(TaskSchedule.Scope.SYSTEM).arguments(List.of("a")));
        assertNotEquals(full, full.catchUp(false));
        assertEquals("t --every 1h --jitter 5m --catch-up --system -- a", full.toString());
        assertEquals("t --calendar 'Mon *-*-* 09:00' -- -- -v 'it'\\''s'",
                TaskSchedule.calendar("t", "Mon *-*-* 09:00").arguments(List.of("-v", "it's")).toString());
    }

    @Test
    void invalidValuesAreRefused() {
        for (String name : List.of("", "a b", "-x", "x".repeat(65), "ü")) {
            assertThrows(IllegalArgumentException.class, () -> TaskSchedule.every(name, Duration.ofHours(1)), name);
        }
        assertThrows(IllegalArgumentException.class, () -> TaskSchedule.every("t", Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> TaskSchedule.every("t", Duration.ofMillis(1500)));
        assertThrows(IllegalArgumentException.class, () -> TaskSchedule.calendar("t", " "));
        assertThrows(IllegalArgumentException.class, () -> TaskSchedule.calendar("t", "daily\nOnBootSec=1"));
        TaskSchedule s = TaskSchedule.every("t", Duration.ofHours(1));
        assertThrows(IllegalArgumentException.class, () -> s.jitter(Duration.ofSeconds(-1)));
        assertThrows(IllegalArgumentException.class, () -> s.arguments(List.of("nul\0")));
        assertTrue(s.jitter(Duration.ZERO).jitter().isZero());
    }
}
