package dev.backgroundtasks.launcher.internal.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceReference;

import dev.backgroundtasks.launcher.internal.output.Phases;
import dev.backgroundtasks.launcher.internal.profile.RuntimeDirectory;
import dev.backgroundtasks.launcher.internal.run.fixture.SlotComponent;

/**
 * The pool of framework storages with a real Felix and a real SCR: a reused slot keeps the bundle cache
 * and SCR's component metadata, and nothing a run left: no data file, no bundle it installed itself.
 */
class StorageSlotsTest {
    @TempDir
    Path temp;
    private final TestConsole console = new TestConsole();
    private final List<FrameworkStorage> held = new ArrayList<>();
    private Map<String, String> env;
    private RuntimeDirectory runtime;
    private List<Path> jars;

    @BeforeEach
    void runtime() throws Exception {
        env = Map.of("BACKGROUNDTASKS_RUNTIME_DIR", temp.resolve("runtime").toString());
        runtime = RuntimeDirectory.open(env, "test");
        jars = new ArrayList<>();
        jars.add(jarOf(org.osgi.util.function.Function.class));
        jars.add(jarOf(org.osgi.util.promise.Promise.class));
        jars.add(jarOf(org.osgi.service.component.ComponentContext.class));
        jars.add(jarOf(org.apache.felix.scr.component.ExtComponentContext.class));
        jars.add(componentBundle(temp.resolve("task.jar")));
    }

    @AfterEach
    void release() {
        for (FrameworkStorage storage : held) {
            storage.release(null);
        }
    }

    private static Path jarOf(Class<?> type) throws Exception {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    /** A task bundle with one immediate component providing Runnable. */
    private static Path componentBundle(Path file) throws Exception {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Bundle-ManifestVersion", "2");
        main.putValue("Bundle-SymbolicName", "slot.task");
        main.putValue("Bundle-Version", "1.0.0");
        main.putValue("Service-Component", "OSGI-INF/slot.xml");
        String type = SlotComponent.class.getName();
        String xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<scr:component xmlns:scr=\"http://www.osgi.org/xmlns/scr/v1.3.0\" name=\"slot\" immediate=\"true\">\n"
                + "  <implementation class=\"" + type + "\"/>\n"
                + "  <service><provide interface=\"java.lang.Runnable\"/></service>\n"
                + "</scr:component>\n";
        try (OutputStream out = Files.newOutputStream(file); JarOutputStream jar = new JarOutputStream(out, manifest)) {
            jar.putNextEntry(new JarEntry("OSGI-INF/slot.xml"));
            jar.write(xml.getBytes(StandardCharsets.UTF_8));
            jar.closeEntry();
            String entry = type.replace('.', '/') + ".class";
            jar.putNextEntry(new JarEntry(entry));
            try (var in = SlotComponent.class.getClassLoader().getResourceAsStream(entry)) {
                in.transferTo(jar);
            }
            jar.closeEntry();
        }
        return file;
    }

    private FrameworkStorage take() {
        Optional<FrameworkStorage> storage = StorageSlots.take(runtime, jars, env);
        assertTrue(storage.isPresent(), "a free slot");
        held.add(storage.get());
        return storage.get();
    }

    private FrameworkSession session() {
        return new FrameworkSession(console.console, new Phases(console.console, System.nanoTime()));
    }

    /** The task's component is up: SCR parsed (or read from its cache) the descriptor. */
    private static void assertComponentUp(Bundle task) {
        ServiceReference<?>[] refs = task.getRegisteredServices();
        assertNotNull(refs, "the component's service");
        assertEquals(1, refs.length);
    }

    @Test
    void aReusedSlotKeepsScrsCacheAndNoDataNorBundleOfThePreviousRun() throws Exception {
        FrameworkStorage first = take();
        assertFalse(first.reused(), "a new slot");
        FrameworkSession one = session();
        one.create(Map.of(), first);
        List<Bundle> bundles = one.install(jars);
        one.resolve();
        one.start();
        Bundle task = bundles.get(bundles.size() - 1);
        assertComponentUp(task);
        Files.writeString(task.getBundleContext().getDataFile("left-by-run-one").toPath(), "secret");
        Files.writeString(one.context().getDataFile("system-left-by-run-one").toPath(), "secret");
        Path extraJar = TestJars.bundle(temp.resolve("extra.jar"), "installed.by.the.task", new String[0]);
        Bundle extra = task.getBundleContext().installBundle("reference:" + extraJar.toUri());
        long scrId = one.scrId();
        assertTrue(scrId > 0, "SCR is installed");
        one.stop(System.nanoTime() + 10_000_000_000L);
        assertTrue(one.stoppedCleanly());
        first.release(one);

        Path scrCache = first.path().resolve("bundle" + scrId).resolve("data").resolve(StorageSlots.SCR_CACHE);
        assertTrue(Files.isRegularFile(scrCache), "SCR wrote its metadata cache");
        assertFalse(Files.exists(first.path().resolve("bundle" + task.getBundleId()).resolve("data")), "the task's data area is gone");
        assertFalse(Files.exists(first.path().resolve("bundle0").resolve("system-left-by-run-one")), "the system bundle's data is gone");
        assertFalse(Files.exists(first.path().resolve("bundle" + extra.getBundleId())), "the bundle the task installed is gone");

        FrameworkStorage second = take();
        assertTrue(second.reused(), "the same jars reuse the slot");
        assertEquals(first.path(), second.path());
        FrameworkSession two = session();
        two.create(Map.of(), second);
        assertTrue(Files.isRegularFile(scrCache), "SCR's cache survives into the next run");
        List<Bundle> again = two.install(jars);
        two.resolve();
        two.start();
        Bundle task2 = again.get(again.size() - 1);
        assertEquals(task.getBundleId(), task2.getBundleId(), "the cached bundle is the one installed");
        assertComponentUp(task2);
        assertFalse(task2.getBundleContext().getDataFile("left-by-run-one").exists(), "no data of run one");
        assertFalse(two.context().getDataFile("system-left-by-run-one").exists(), "no system bundle data of run one");
        assertNull(two.context().getBundle("reference:" + extraJar.toUri()), "no bundle of run one");
        assertEquals(jars.size() + 1, two.context().getBundles().length, "the system bundle and the run's jars only");
        two.stop(System.nanoTime() + 10_000_000_000L);
        second.release(two);
    }

    @Test
    void otherJarsOrAnUnsealedSlotAreWipedAndABusyPoolIsEmpty() throws Exception {
        FrameworkStorage first = take();
        Files.writeString(first.path().resolve("left"), "x");
        first.release(null); // a run that did not stop cleanly: never sealed
        FrameworkStorage again = take();
        assertFalse(again.reused(), "an unsealed slot is made anew");
        assertFalse(Files.exists(again.path().resolve("left")));
        FrameworkSession session = session();
        session.create(Map.of(), again);
        session.install(jars);
        session.stop(System.nanoTime() + 10_000_000_000L);
        again.release(session);

        jars.remove(jars.size() - 1);
        FrameworkStorage other = take();
        assertFalse(other.reused(), "another closure wipes the slot");
        assertTrue(isEmpty(other.path()));

        for (int i = 1; i < StorageSlots.SLOTS; i++) {
            assertNotEquals(other.path(), take().path());
        }
        assertTrue(StorageSlots.take(runtime, jars, env).isEmpty(), "every slot busy: the run uses a fresh storage");
    }

    @Test
    void aPlantedLinkIsNeitherFollowedNorUsed() throws Exception {
        Path victim = Files.createDirectories(temp.resolve("victim"));
        Files.writeString(victim.resolve("keep"), "precious");
        Files.createSymbolicLink(runtime.path().resolve("storage-slot-0"), victim);
        FrameworkStorage storage = take();
        assertEquals(runtime.path().resolve("storage-slot-1").resolve("felix"), storage.path());
        assertEquals("precious", Files.readString(victim.resolve("keep")));
        assertEquals(1, victim.toFile().list().length, "nothing made through the link");
    }

    @Test
    void zeroSlotsTurnThePoolOff() {
        Map<String, String> off = Map.of(StorageSlots.ENV, "0");
        assertTrue(StorageSlots.take(runtime, jars, off).isEmpty());
        assertEquals(StorageSlots.SLOTS, StorageSlots.count(Map.of(StorageSlots.ENV, "many")));
        assertEquals(2, StorageSlots.count(Map.of(StorageSlots.ENV, "2")));
    }

    private static boolean isEmpty(Path dir) throws Exception {
        try (var s = Files.list(dir)) {
            return s.findAny().isEmpty();
        }
    }
}
