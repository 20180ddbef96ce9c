package dev.backgroundtasks.schedules.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.backgroundtasks.api.TaskSchedule;

/** A generated service runs the installation's bin/backgroundtask, on the registering java, when it is there. */
class SystemdFastCommandTest {
    @TempDir
    Path installation;

    private Invocation invocation() {
        Invocation fixed = OsTools.invocation();
        return new Invocation(fixed.java(), installation, fixed.installHash(), fixed.runtimeDir(), fixed.environment());
    }

    @Test
    void withoutTheScriptTheServiceRunsJavaJar() {
        TaskSchedule s = TaskSchedule.every("write_args", Duration.ofHours(1)).arguments(List.of("a b"));
        assertEquals(invocation().command(s), SystemdUnits.fastCommand(invocation(), s));
        String service = SystemdUnits.service(invocation(), s);
        assertTrue(service.contains("\nExecStart=\"" + invocation().java() + "\" \"-jar\""), service);
        assertTrue(!service.contains("BACKGROUNDTASKS_JAVA"), service);
    }

    @Test
    void withTheScriptTheServiceRunsItOnTheSameJava() throws Exception {
        Path script = Files.createDirectory(installation.resolve("bin")).resolve("backgroundtask");
        Files.writeString(script, "#!/bin/sh\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        TaskSchedule s = TaskSchedule.every("write_args", Duration.ofHours(1)).arguments(List.of("a b"));
        assertEquals(List.of(script.toString(), "--backgroundtask", "write_args", "--", "a b"),
                SystemdUnits.fastCommand(invocation(), s));
        String service = SystemdUnits.service(invocation(), s);
        assertTrue(service.contains("\nExecStart=\"" + script + "\" \"--backgroundtask\" \"write_args\" \"--\" \"a b\"\n"), service);
        assertTrue(service.contains("\"BACKGROUNDTASKS_JAVA=" + invocation().java() + "\""), service);
        assertTrue(service.contains("\"LC_ALL=" + Invocation.LOCALE + "\""), service);
        assertEquals(Map.of("LC_ALL", Invocation.LOCALE), invocation().environment());
    }
}
