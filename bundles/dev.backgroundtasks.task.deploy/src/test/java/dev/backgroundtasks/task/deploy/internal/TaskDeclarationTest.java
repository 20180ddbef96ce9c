package dev.backgroundtasks.task.deploy.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The declaration deploy reads is the one the launcher's lookup would run. */
class TaskDeclarationTest {
    @TempDir
    Path installation;

    static void bundle(Path jar, String symbolicName, String version, String capability) throws IOException {
        Manifest m = new Manifest();
        Attributes a = m.getMainAttributes();
        a.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        a.putValue("Bundle-ManifestVersion", "2");
        a.putValue("Bundle-SymbolicName", symbolicName + ";singleton:=true");
        a.putValue("Bundle-Version", version);
        if (capability != null) {
            a.putValue("Provide-Capability", capability);
        }
        Files.createDirectories(jar.getParent());
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out, m)) {
            j.flush();
        }
    }

    static String task(String name, int timeoutSec, boolean exclusive, boolean persistent) {
        return "dev.backgroundtasks.task;dev.backgroundtasks.task=" + name + ";timeoutSec:Long=" + timeoutSec
                + ";minRuntimeMs:Long=-1;noOutput=false;persistentProfile=" + persistent + ";updating=false;exclusive=" + exclusive;
    }

    @Test
    void firstLocationThenHighestVersionThenLastFileName() throws IOException {
        Path app = installation.resolve("app/backgroundtasks");
        Path toolkit = installation.resolve("toolkit/backgroundtasks");
        Path testing = installation.resolve("testing");
        bundle(toolkit.resolve("a.jar"), "com.example.toolkit", "9.0.0", task("cleanup", 1, false, false));
        bundle(app.resolve("b.jar"), "com.example.old", "1.0.0", task("cleanup", 2, false, false));
        bundle(app.resolve("a.jar"), "com.example.new", "1.1.0", task("cleanup", 3, true, false) + "," + task("other", 0, false, true));
        bundle(app.resolve("c.jar"), "com.example.tie1", "1.1.0", "osgi.ee;osgi.ee=JavaSE");
        bundle(testing.resolve("t.jar"), "com.example.testing", "1.0.0", task("only_testing", 0, false, false));
        Files.writeString(app.resolve("broken.jar"), "not a jar");
        bundle(app.resolve("malformed.jar"), "com.example.bad", "1.0.0", task("cleanup", 4, false, false) + ";x=\"open");

        List<TaskDeclaration.Location> locations = TaskDeclaration.locations(installation, testing.toString());
        assertEquals(List.of("app", "toolkit", "testing"), locations.stream().map(TaskDeclaration.Location::label).toList());
        TaskDeclaration cleanup = TaskDeclaration.find("cleanup", locations).orElseThrow();
        assertEquals("com.example.new", cleanup.bundle());
        assertEquals("app", cleanup.location().label());
        assertEquals(3, cleanup.timeoutSec());
        assertTrue(cleanup.exclusive());
        assertFalse(cleanup.persistentProfile());
        assertTrue(TaskDeclaration.find("other", locations).orElseThrow().persistentProfile());
        assertEquals("com.example.testing", TaskDeclaration.find("only_testing", locations).orElseThrow().bundle());
        assertTrue(TaskDeclaration.find("only_testing", TaskDeclaration.locations(installation, null)).isEmpty());
        assertTrue(TaskDeclaration.find("Cleanup", locations).isEmpty(), "names are case-sensitive");

        bundle(app.resolve("d.jar"), "com.example.tie2", "1.1.0", task("cleanup", 5, false, false));
        assertEquals("com.example.tie2", TaskDeclaration.find("cleanup", locations).orElseThrow().bundle(),
                "a version tie: the last file name wins");
    }
}
