package dev.backgroundtasks.schedules.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.backgroundtasks.api.TaskSchedule;

class MarkerTest {
    private static final Invocation INVOCATION = OsTools.invocation();

    @Test
    void everyScheduleRoundTrips() {
        for (TaskSchedule s : SystemdUnitsTest.schedules()) {
            String line = Marker.line(INVOCATION, s);
            assertFalse(line.contains("\n"), line);
            assertEquals(Optional.of(s), Marker.parse(INVOCATION, line), line);
            assertTrue(Marker.marks(INVOCATION, "write_args", line));
            assertFalse(Marker.marks(INVOCATION, "write", line));
        }
    }

    @Test
    void anotherInstallationsOrAnyOtherLineIsNotOurs() {
        Invocation other = new Invocation(INVOCATION.java(), Path.of("/elsewhere"), "fedcba9876543210",
                INVOCATION.runtimeDir(), Map.of());
        String line = Marker.line(other, TaskSchedule.every("write_args", Duration.ofHours(1)));
        assertEquals(Optional.empty(), Marker.parse(INVOCATION, line));
        assertFalse(Marker.marks(INVOCATION, "write_args", line));
        for (String junk : List.of("", "0 * * * * true", "# backgroundtasks-0123456789abcdef-x schedule every=nonsense",
                "# backgroundtasks-0123456789abcdef-x schedule task=y&every=PT1H")) {
            assertEquals(Optional.empty(), Marker.parse(INVOCATION, junk), junk);
        }
    }
}
