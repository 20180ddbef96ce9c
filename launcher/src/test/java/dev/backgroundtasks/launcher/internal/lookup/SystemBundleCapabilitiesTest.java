package dev.backgroundtasks.launcher.internal.lookup;

import static dev.backgroundtasks.launcher.internal.lookup.TestBundles.manifest;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** What the system bundle provides, known before the framework starts. */
class SystemBundleCapabilitiesTest {
    private final SystemBundleCapabilities system = new SystemBundleCapabilities(Set.of("dev.backgroundtasks.api"));

    private boolean satisfiesImport(String importClause) {
        BundleManifest b = manifest("b", "Import-Package", importClause);
        return system.satisfies(b.requirements().get(0));
    }

    @ParameterizedTest
    @ValueSource(strings = {"java.util", "java.anything.at.all", "javax.xml.parsers", "javax.net.ssl",
        "org.w3c.dom", "org.osgi.framework", "org.osgi.framework.wiring", "org.osgi.util.tracker",
        "org.osgi.resource", "dev.backgroundtasks.api"})
    void packagesTheSystemBundleExports(String pkg) {
        assertTrue(satisfiesImport(pkg + ";version=\"[1,2)\""), pkg);
    }

    @ParameterizedTest
    @ValueSource(strings = {"com.example", "org.osgi.frameworkx", "org.osgi.service.component",
        "dev.backgroundtasks.api.internal", "jdk.internal.misc"})
    void packagesItDoesNotExport(String pkg) {
        assertFalse(satisfiesImport(pkg), pkg);
    }

    @Test
    void otherNamespacesAreNotTheSystemBundles() {
        BundleManifest b = manifest("b", "Require-Capability",
                "osgi.service;filter:=\"(objectClass=java.lang.Runnable)\";effective:=active,some.ns",
                "Require-Bundle", "java.base");
        b.requirements().forEach(r -> assertFalse(system.satisfies(r), r.toString()));
    }
}
