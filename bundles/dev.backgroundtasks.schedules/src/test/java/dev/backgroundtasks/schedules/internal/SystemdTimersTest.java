package dev.backgroundtasks.schedules.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.backgroundtasks.api.TaskSchedule;

/** The systemd backend with the real systemctl, on a machine where systemd does not run (a container, CI). */
class SystemdTimersTest {
    private static final Invocation INVOCATION = OsTools.invocation();

    @Test
    void aFailedSystemctlLeavesNoNewUnitBehind(@TempDir Path dir) throws IOException {
        OsTools.require("systemctl");
        assumeFalse(SystemdTimers.isRunning(), "systemd runs here: systemctl --user would succeed");
        SystemdTimers timers = new SystemdTimers(INVOCATION, dir.resolve("user"));
        IOException e = assertThrows(IOException.class,
                () -> timers.add(TaskSchedule.every("write_args", Duration.ofHours(1))));
        assertTrue(e.getMessage().startsWith("systemctl --user daemon-reload failed with "), e.getMessage());
        try (var files = Files.list(dir.resolve("user"))) {
            assertEquals(List.of(), files.toList(), "nothing half-registered");
        }
    }

    @Test
    void removeDeletesBothUnitsAndListsThemUntilThen(@TempDir Path dir) throws IOException {
        assumeFalse(SystemdTimers.isRunning(), "systemd runs here: remove would call systemctl");
        TaskSchedule s = TaskSchedule.calendar("write_args", "daily").catchUp(true);
        for (Map.Entry<String, String> f : SystemdUnits.render(INVOCATION, s).entrySet()) {
            OwnedFiles.write(dir.resolve(f.getKey()), f.getValue(), "rw-r--r--", l -> false);
        }
        SystemdTimers timers = new SystemdTimers(INVOCATION, dir);
        assertEquals(List.of(s), timers.list(TaskSchedule.Scope.USER));
        assertFalse(timers.remove("other", TaskSchedule.Scope.USER));
        assertTrue(timers.remove("write_args", TaskSchedule.Scope.USER));
        try (var files = Files.list(dir)) {
            assertEquals(List.of(), files.toList());
        }
        assertFalse(timers.remove("write_args", TaskSchedule.Scope.USER));
    }
}
