package dev.backgroundtasks.launcher.internal.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;

import dev.backgroundtasks.launcher.internal.output.Phases;

/** A real Felix, in-process: bundles installed by reference, resolved, started and stopped once. */
class FrameworkSessionTest {
    @TempDir
    Path temp;
    private final TestConsole console = new TestConsole();
    private final Phases phases = new Phases(console.console, System.nanoTime());
    private final FrameworkSession session = new FrameworkSession(console.console, phases);

    @AfterEach
    void stop() {
        session.stop(System.nanoTime() + 10_000_000_000L);
    }

    @Test
    void bundlesAreInstalledByReferenceStartedAndTheFrameworkStopsOnce() throws Exception {
        Path a = TestJars.bundle(temp.resolve("a.jar"), "fixture.a", new String[] {"Export-Package", "fixture.a"});
        Path b = TestJars.bundle(temp.resolve("b.jar"), "fixture.b", new String[] {"Import-Package", "fixture.a"});
        assertFalse(session.isCreated());
        session.create(Map.of(), temp.resolve("storage"));
        assertTrue(session.isCreated());
        List<Bundle> bundles = session.install(List.of(a, b));
        assertEquals(List.of("fixture.a", "fixture.b"), bundles.stream().map(Bundle::getSymbolicName).toList());
        assertEquals("reference:" + a.toUri(), bundles.get(0).getLocation());
        assertTrue(session.resolve());
        session.start();
        for (Bundle bundle : bundles) {
            assertEquals(Bundle.ACTIVE, bundle.getState(), FrameworkSession.describe(bundle));
        }
        assertEquals("bundle fixture.a 1.0.0 (" + a + ")", FrameworkSession.describe(bundles.get(0)));
        Bundle system = session.context().getBundle(0);
        session.stop(System.nanoTime() + 10_000_000_000L);
        assertEquals(Bundle.RESOLVED, system.getState());
        session.stop(System.nanoTime() + 10_000_000_000L);
        assertEquals("", console.err(), "a second stop is nothing");
        assertTrue(phases.millis().keySet().containsAll(List.of("frameworkInit", "install", "resolve", "start")),
                phases.millis().toString());
    }

    @Test
    void aFileThatIsNotABundleIsAFailureNamingIt() throws Exception {
        Path text = Files.writeString(temp.resolve("notes.jar"), "not a jar");
        session.create(Map.of(), temp.resolve("storage"));
        FrameworkSession.BundleFailure e = assertThrows(FrameworkSession.BundleFailure.class,
                () -> session.install(List.of(text)));
        assertTrue(e.getMessage().startsWith("bundle " + text + " cannot be installed: "), e.getMessage());
    }

    @Test
    void aBundleThatCannotResolveFailsAtStartAndStartAllGoesOn() throws Exception {
        Path missing = TestJars.bundle(temp.resolve("m.jar"), "fixture.missing",
                new String[] {"Import-Package", "fixture.nowhere"});
        Path fine = TestJars.bundle(temp.resolve("f.jar"), "fixture.fine", new String[0]);
        session.create(Map.of(), temp.resolve("storage"));
        List<Bundle> bundles = session.install(List.of(missing, fine));
        assertFalse(session.resolve());
        List<String> failures = session.startAll();
        assertEquals(1, failures.size(), failures.toString());
        assertTrue(failures.get(0).startsWith("bundle fixture.missing 1.0.0 (" + missing + ") cannot be started: "),
                failures.get(0));
        assertEquals(Bundle.ACTIVE, bundles.get(1).getState());
    }
}
