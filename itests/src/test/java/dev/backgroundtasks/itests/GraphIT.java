package dev.backgroundtasks.itests;

import static dev.backgroundtasks.testing.BackgroundTaskResult.ephemeralProfilesIn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.backgroundtasks.testing.BackgroundTaskResult;
import dev.backgroundtasks.testing.BackgroundTaskRun;
import dev.backgroundtasks.testing.TaskInstallation;
import dev.backgroundtasks.testing.WithInstallation;

/**
 * Background mode stays minimal (Firefox's browser_xpcom_graph_wait.js and profile_is_slim): the graph
 * report of `wait 0` lists exactly the allowlisted bundles, components and services, and every
 * allowlisted entry is there.
 */
@WithInstallation(testingTasks = true)
class GraphIT {
    /** Bundles of `wait 0`, each needed: */
    static final Set<String> BUNDLES = Set.of(
            "org.apache.felix.framework",         // the system bundle: exports the JDK, OSGi, API and scheduler packages
            "dev.backgroundtasks.testing.task.wait", // the bundle that declares the task, and no other task
            "org.apache.felix.scr",               // its osgi.extender requirement for osgi.component (the task is a DS component)
            "org.osgi.service.component",         // SCR imports the DS API packages (SCR 2.2 no longer carries them)
            "org.osgi.util.promise",              // imported by SCR and the DS API
            "org.osgi.util.function");            // imported by promise

    /** Components activated: only the task itself, when the launcher gets its service. */
    static final Set<String> COMPONENTS = Set.of("dev.backgroundtasks.testing.task.wait.internal.WaitTask");

    /** Services registered, by interface and registering bundle, with their count. */
    static final Map<String, Integer> SERVICES = new TreeMap<>(Map.ofEntries(
            // one per task component of the task's bundle (one task a bundle: the task itself)
            Map.entry("dev.backgroundtasks.api.BackgroundTask@dev.backgroundtasks.testing.task.wait", declaredTasks()),
            // the platform's services, registered by the launcher on the system bundle
            Map.entry("dev.backgroundtasks.api.BackgroundTasksRunner@org.apache.felix.framework", 1),
            Map.entry("dev.backgroundtasks.api.DefaultProfile@org.apache.felix.framework", 1),
            Map.entry("dev.backgroundtasks.api.Preferences@org.apache.felix.framework", 1),
            Map.entry("dev.backgroundtasks.api.Shutdown@org.apache.felix.framework", 1),
            // Felix's own: every framework registers them
            Map.entry("org.osgi.service.packageadmin.PackageAdmin@org.apache.felix.framework", 1),
            Map.entry("org.osgi.service.startlevel.StartLevel@org.apache.felix.framework", 1),
            Map.entry("org.osgi.service.resolver.Resolver@org.apache.felix.framework", 1),
            Map.entry("org.osgi.service.condition.Condition@org.apache.felix.framework", 1), // the OSGi "true" condition
            // SCR's own
            Map.entry("org.osgi.service.component.runtime.ServiceComponentRuntime@org.apache.felix.scr", 1),
            Map.entry("org.apache.felix.scr.impl.ComponentCommands@org.apache.felix.scr", 1),
            Map.entry("org.osgi.service.metatype.MetaTypeProvider@org.apache.felix.scr", 1),
            Map.entry("org.osgi.service.cm.ManagedService@org.apache.felix.scr", 1)));

    @TempDir
    Path tmp;

    /** The tasks the wait task's bundle declares in its manifest: each is a component with a service. */
    static int declaredTasks() {
        String caps = Fixtures.mainAttribute(Fixtures.testingTask("wait"), "Provide-Capability");
        return caps.split("dev\\.backgroundtasks\\.task=", -1).length - 1;
    }

    @Test
    void waitZeroLoadsExactlyTheAllowlist() throws Exception {
        Path report = tmp.resolve("graph.json");
        Path profile = tmp.resolve("kept");
        BackgroundTaskResult r = BackgroundTaskRun.launcher().tmpdir(tmp).env("BACKGROUNDTASKS_GRAPH_FILE", report.toString())
                .env("BACKGROUNDTASKS_PROFILE_PATH", profile.toString()).args("--backgroundtask", "wait", "0").run();
        assertEquals(0, r.exitCode(), r::toString);
        Graph g = Graph.read(report);
        assertEquals("background", g.mode());
        assertEquals("wait", g.field("task"));
        assertEquals(BUNDLES, new TreeSet<>(g.values("bundles", "symbolicName")));
        assertTrue(g.values("bundles", "symbolicName").size() <= 8, "at most 8 bundles");
        assertEquals(COMPONENTS, new TreeSet<>(g.values("components", "name")));
        List<String> classes = g.values("services", "objectClass");
        List<String> owners = g.values("services", "bundle");
        Map<String, Integer> services = new TreeMap<>();
        for (int i = 0; i < classes.size(); i++) {
            services.merge(classes.get(i) + "@" + owners.get(i), 1, Integer::sum);
        }
        assertEquals(SERVICES, services);
        for (String phase : List.of("commandLine", "lookup", "profile", "frameworkInit", "install", "resolve", "start",
                "taskRun", "shutdown", "cleanup")) {
            assertTrue(g.text().contains("\"" + phase + "\": "), "phase " + phase);
        }
    }

    @Test
    void aKeptEphemeralProfileIsSlim() throws Exception {
        BackgroundTaskResult r = BackgroundTaskRun.launcher().tmpdir(tmp).env("BACKGROUNDTASKS_NO_REMOVE_PROFILE", "1")
                .args("--backgroundtask", "wait", "0").run();
        assertEquals(0, r.exitCode(), r::toString);
        List<Path> profiles = ephemeralProfilesIn(tmp);
        assertEquals(1, profiles.size());
        Set<String> entries = new TreeSet<>();
        long bytes;
        try (Stream<Path> s = Files.walk(profiles.get(0))) {
            List<Path> all = s.filter(p -> !p.equals(profiles.get(0))).toList();
            all.forEach(p -> entries.add(profiles.get(0).relativize(p).toString()));
            bytes = all.stream().filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
        // the allowlist: the lock file only (the framework's storage is removed at the end of the run,
        // prefs.properties is written only when a task sets a preference in a non-ephemeral profile)
        assertEquals(Set.of(".parentlock"), entries);
        assertTrue(bytes < 1024 * 1024);
        assertFalse(entries.stream().anyMatch(e -> e.endsWith(".jar")));
    }

    @Test
    void modeTruthTableInBackgroundMode(TaskInstallation installation) throws Exception {
        TaskInstallation inst = installation.copy();
        inst.drop(Fixtures.fixture("dev.backgroundtasks.testing.fixture.categories"), inst.appTasks(), "categories.jar");
        Path markers = tmp.resolve("markers");
        Path report = tmp.resolve("graph.json");
        BackgroundTaskResult r = BackgroundTaskRun.launcher().in(inst).tmpdir(tmp).env("BACKGROUNDTASKS_TEST_MARKERS", markers.toString())
                .env("BACKGROUNDTASKS_GRAPH_FILE", report.toString()).args("--backgroundtask", "categories").run();
        assertEquals(0, r.exitCode(), r::toString);
        Set<String> seen = new TreeSet<>();
        try (Stream<Path> s = Files.list(markers)) {
            s.forEach(p -> seen.add(p.getFileName().toString()));
        }
        assertEquals(new TreeSet<>(Set.of("task-ran",
                "new-BackgroundStartupEntry", "observed-BackgroundStartupEntry-app-startup",
                "new-BackgroundCommandLineEntry", "observed-BackgroundCommandLineEntry-command-line-handler",
                "new-AlwaysFinalStartupEntry", "observed-AlwaysFinalStartupEntry-final-startup",
                "new-AlwaysQuitEntry", "observed-AlwaysQuitEntry-quit-application")), seen,
                "NORMAL entries are never instantiated in background mode");
        assertEquals(List.of("app-startup BackgroundStartupEntry", "command-line-handler BackgroundCommandLineEntry",
                "final-startup AlwaysFinalStartupEntry", "quit-application AlwaysQuitEntry"), Graph.read(report).categories());
    }
}
