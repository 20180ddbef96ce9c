package dev.backgroundtasks.schedules.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.backgroundtasks.api.TaskSchedule;

class OwnedFilesTest {
    private static final Invocation INVOCATION = OsTools.invocation();

    @Test
    void writesReplacesAndListsOnlyItsOwnFiles(@TempDir Path dir) throws IOException {
        TaskSchedule s = TaskSchedule.every("write_args", Duration.ofHours(1)).arguments(List.of("a b"));
        Path timer = dir.resolve("backgroundtasks-0123456789abcdef-write_args.timer");
        OwnedFiles.write(timer, SystemdUnits.timer(INVOCATION, s), "rw-r--r--", l -> Marker.marks(INVOCATION, "write_args", l));
        TaskSchedule changed = s.jitter(Duration.ofMinutes(1));
        OwnedFiles.write(timer, SystemdUnits.timer(INVOCATION, changed), "rw-r--r--",
                l -> Marker.marks(INVOCATION, "write_args", l));
        assertEquals(List.of(changed), new SystemdTimers(INVOCATION, dir).list(TaskSchedule.Scope.USER));
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "no temporary file left");
        }
        assertTrue(OwnedFiles.delete(timer, l -> Marker.marks(INVOCATION, "write_args", l)));
        assertFalse(OwnedFiles.delete(timer, l -> true));
    }

    @Test
    void neverWritesThroughALinkNorOverAnotherFile(@TempDir Path dir) throws IOException {
        Path target = Files.writeString(dir.resolve("target"), "# backgroundtasks-0123456789abcdef-t schedule task=t\n");
        Path link = Files.createSymbolicLink(dir.resolve("backgroundtasks-0123456789abcdef-t.timer"), target);
        Path foreign = Files.writeString(dir.resolve("backgroundtasks-0123456789abcdef-u.timer"), "[Timer]\n");
        assertThrows(IOException.class, () -> OwnedFiles.write(link, "x", "rw-r--r--", l -> true));
        assertThrows(IOException.class, () -> OwnedFiles.write(foreign, "x", "rw-r--r--",
                l -> Marker.marks(INVOCATION, "u", l)));
        assertThrows(IOException.class, () -> OwnedFiles.delete(foreign, l -> Marker.marks(INVOCATION, "u", l)));
        assertTrue(Files.isSymbolicLink(link));
        assertEquals("[Timer]\n", Files.readString(foreign));
        assertEquals("# backgroundtasks-0123456789abcdef-t schedule task=t\n", Files.readString(target));
    }
}
