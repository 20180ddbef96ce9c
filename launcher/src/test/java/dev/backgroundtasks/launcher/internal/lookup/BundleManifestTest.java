package dev.backgroundtasks.launcher.internal.lookup;

import static dev.backgroundtasks.launcher.internal.lookup.TestBundles.attributes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Version;

import dev.backgroundtasks.launcher.internal.lookup.BundleManifest.Capability;
import dev.backgroundtasks.launcher.internal.lookup.BundleManifest.InvalidBundleException;
import dev.backgroundtasks.launcher.internal.lookup.BundleManifest.Requirement;

/** Reading a bundle's identity, capabilities and requirements from its manifest alone. */
class BundleManifestTest {
    @TempDir
    Path dir;

    private static BundleManifest of(String... headers) throws InvalidBundleException {
        return BundleManifest.of(Path.of("b.jar"), attributes("b", "1.0.0", headers));
    }

    private static Capability packageCapability(String pkg, String version) {
        Map<String, Object> attrs = new HashMap<>();
        attrs.put(BundleManifest.PACKAGE_NAMESPACE, pkg);
        attrs.put("version", Version.parseVersion(version));
        return new Capability(BundleManifest.PACKAGE_NAMESPACE, attrs);
    }

    private static Capability exported(BundleManifest b, String pkg) {
        return b.capabilities(BundleManifest.PACKAGE_NAMESPACE).stream()
                .filter(c -> pkg.equals(c.attributes().get(BundleManifest.PACKAGE_NAMESPACE))).findFirst()
                .orElseThrow(() -> new AssertionError("no export of " + pkg + " in " + b.capabilities()));
    }

    @Test
    void readsABundleJar() throws Exception {
        Path jar = TestBundles.jar(dir.resolve("b.jar"), attributes("org.example.b", "1.2.3.q"));
        BundleManifest b = BundleManifest.read(jar);
        assertEquals("org.example.b", b.symbolicName());
        assertEquals(new Version(1, 2, 3, "q"), b.version());
        assertEquals(jar, b.file());
        assertFalse(b.isFragment());
    }

    @Test
    void aFileThatIsNotAJarIsInvalid() throws Exception {
        Path file = Files.writeString(dir.resolve("text.jar"), "not a zip at all");
        InvalidBundleException e = assertThrows(InvalidBundleException.class, () -> BundleManifest.read(file));
        assertTrue(e.getMessage().contains("not a valid jar"), e.getMessage());
    }

    @Test
    void aMissingFileIsInvalid() {
        InvalidBundleException e = assertThrows(InvalidBundleException.class,
                () -> BundleManifest.read(dir.resolve("absent.jar")));
        assertTrue(e.getMessage().contains("not a valid jar"), e.getMessage());
    }

    @Test
    void aJarWithoutManifestIsInvalid() throws Exception {
        Path jar = TestBundles.jarWithoutManifest(dir.resolve("plain.jar"));
        InvalidBundleException e = assertThrows(InvalidBundleException.class, () -> BundleManifest.read(jar));
        assertTrue(e.getMessage().contains("no manifest"), e.getMessage());
    }

    @Test
    void aJarWithoutSymbolicNameIsInvalid() throws Exception {
        Attributes main = new Attributes();
        main.putValue("Bundle-ManifestVersion", "2");
        main.putValue("Bundle-Version", "1.0.0");
        Path jar = TestBundles.jar(dir.resolve("nobsn.jar"), main);
        InvalidBundleException e = assertThrows(InvalidBundleException.class, () -> BundleManifest.read(jar));
        assertTrue(e.getMessage().contains("Bundle-SymbolicName"), e.getMessage());
    }

    @Test
    void aBlankSymbolicNameIsInvalid() {
        Attributes main = attributes(" ", "1.0.0");
        InvalidBundleException e = assertThrows(InvalidBundleException.class,
                () -> BundleManifest.of(Path.of("x.jar"), main));
        assertTrue(e.getMessage().contains("Bundle-SymbolicName"), e.getMessage());
    }

    @Test
    void aManifestVersionOtherThan2IsInvalid() {
        Attributes main = attributes("b", "1.0.0", "Bundle-ManifestVersion", "1");
        InvalidBundleException e = assertThrows(InvalidBundleException.class,
                () -> BundleManifest.of(Path.of("x.jar"), main));
        assertTrue(e.getMessage().contains("Bundle-ManifestVersion"), e.getMessage());
    }

    @Test
    void aMissingManifestVersionIsInvalid() {
        Attributes main = attributes("b", "1.0.0");
        main.remove(new Attributes.Name("Bundle-ManifestVersion"));
        InvalidBundleException e = assertThrows(InvalidBundleException.class,
                () -> BundleManifest.of(Path.of("x.jar"), main));
        assertTrue(e.getMessage().contains("Bundle-ManifestVersion"), e.getMessage());
    }

    @Test
    void aMalformedVersionIsInvalid() {
        InvalidBundleException e = assertThrows(InvalidBundleException.class,
                () -> BundleManifest.of(Path.of("x.jar"), attributes("b", "one.two")));
        assertTrue(e.getMessage().contains("malformed"), e.getMessage());
    }

    @Test
    void aMalformedHeaderIsInvalid() {
        InvalidBundleException e = assertThrows(InvalidBundleException.class,
                () -> of("Import-Package", "p;version=\"[1,2)"));
        assertTrue(e.getMessage().contains("malformed"), e.getMessage());
    }

    @Test
    void aMalformedFilterIsInvalid() {
        assertThrows(InvalidBundleException.class,
                () -> of("Require-Capability", "osgi.service;filter:=\"(objectClass=x\""));
    }

    @Test
    void aMalformedVersionRangeIsInvalid() {
        assertThrows(InvalidBundleException.class, () -> of("Import-Package", "p;version=\"[2,1\""));
    }

    @Test
    void theSymbolicNameDropsItsDirectives() throws Exception {
        BundleManifest b = BundleManifest.of(Path.of("x.jar"), attributes("org.example.s;singleton:=true", "1"));
        assertEquals("org.example.s", b.symbolicName());
    }

    @Test
    void aMissingVersionIsZero() throws Exception {
        assertEquals(Version.emptyVersion, BundleManifest.of(Path.of("x.jar"), attributes("b", null)).version());
    }

    @Test
    void theIdentityIsABundleCapability() throws Exception {
        Capability identity = of().capabilities(BundleManifest.BUNDLE_NAMESPACE).get(0);
        assertEquals("b", identity.attributes().get(BundleManifest.BUNDLE_NAMESPACE));
        assertEquals(new Version(1, 0, 0), identity.attributes().get("bundle-version"));
    }

    @Test
    void exportPackageGivesPackageCapabilities() throws Exception {
        BundleManifest b = of("Export-Package", "p.a;version=\"1.2\";uses:=\"p.b\",p.b");
        assertEquals(2, b.capabilities(BundleManifest.PACKAGE_NAMESPACE).size());
        Capability a = exported(b, "p.a");
        assertEquals(new Version(1, 2, 0), a.attributes().get("version"));
        assertEquals("b", a.attributes().get("bundle-symbolic-name"));
        assertEquals(new Version(1, 0, 0), a.attributes().get("bundle-version"));
        assertEquals(Version.emptyVersion, exported(b, "p.b").attributes().get("version"));
    }

    @Test
    void everyPathOfAnExportClauseIsACapability() throws Exception {
        BundleManifest b = of("Export-Package", "p.a;p.b;version=2");
        assertEquals(new Version(2, 0, 0), exported(b, "p.a").attributes().get("version"));
        assertEquals(new Version(2, 0, 0), exported(b, "p.b").attributes().get("version"));
    }

    @Test
    void importPackageGivesAMandatoryRequirementWithItsRange() throws Exception {
        BundleManifest b = of("Import-Package", "p.a;version=\"[1.0,2)\"");
        Requirement r = b.requirements().get(0);
        assertEquals(BundleManifest.PACKAGE_NAMESPACE, r.namespace());
        assertFalse(r.optional());
        assertFalse(r.effectiveActive());
        assertTrue(r.matches(packageCapability("p.a", "1.0.0")));
        assertTrue(r.matches(packageCapability("p.a", "1.9.9")));
        assertFalse(r.matches(packageCapability("p.a", "2.0.0")));
        assertFalse(r.matches(packageCapability("p.a", "0.9.0")));
        assertFalse(r.matches(packageCapability("p.b", "1.5.0")));
    }

    @Test
    void anImportWithoutVersionMatchesAnyVersion() throws Exception {
        Requirement r = of("Import-Package", "p.a").requirements().get(0);
        assertTrue(r.matches(packageCapability("p.a", "0.0.0")));
        assertTrue(r.matches(packageCapability("p.a", "9.0.0")));
    }

    @Test
    void anImportMatchesItsOwnBundlesExport() throws Exception {
        BundleManifest lib = of("Export-Package", "p.a;version=1.5");
        Requirement r = of("Import-Package", "p.a;version=\"[1,2)\"").requirements().get(0);
        assertTrue(r.matches(exported(lib, "p.a")));
    }

    @Test
    void everyPathOfAnImportClauseIsARequirement() throws Exception {
        assertEquals(2, of("Import-Package", "p.a;p.b;version=1").requirements().size());
    }

    @Test
    void optionalResolutionMakesAnOptionalRequirement() throws Exception {
        List<Requirement> rs = of("Import-Package", "p.a;resolution:=optional,p.b").requirements();
        assertTrue(rs.get(0).optional());
        assertFalse(rs.get(1).optional());
    }

    @Test
    void requireBundleGivesABundleRequirement() throws Exception {
        Requirement r = of("Require-Bundle", "lib;bundle-version=\"[1,2)\"").requirements().get(0);
        assertEquals(BundleManifest.BUNDLE_NAMESPACE, r.namespace());
        BundleManifest lib15 = BundleManifest.of(Path.of("l.jar"), attributes("lib", "1.5"));
        BundleManifest lib2 = BundleManifest.of(Path.of("l.jar"), attributes("lib", "2"));
        assertTrue(r.matches(lib15.capabilities(BundleManifest.BUNDLE_NAMESPACE).get(0)));
        assertFalse(r.matches(lib2.capabilities(BundleManifest.BUNDLE_NAMESPACE).get(0)));
    }

    @Test
    void effectiveActiveIsRead() throws Exception {
        List<Requirement> rs = of("Require-Capability",
                "osgi.service;filter:=\"(objectClass=x.Y)\";effective:=active,other.ns;filter:=\"(a=1)\"")
                .requirements();
        assertTrue(rs.get(0).effectiveActive());
        assertEquals(BundleManifest.SERVICE_NAMESPACE, rs.get(0).namespace());
        assertFalse(rs.get(1).effectiveActive());
        assertFalse(rs.get(1).optional());
    }

    @Test
    void aServiceRequirementMatchesAProvidedServiceListingTheClass() throws Exception {
        Requirement r = of("Require-Capability", "osgi.service;filter:=\"(objectClass=x.Y)\";effective:=active")
                .requirements().get(0);
        BundleManifest provider = of("Provide-Capability", "osgi.service;objectClass:List<String>=\"a.B,x.Y\"");
        BundleManifest other = of("Provide-Capability", "osgi.service;objectClass:List<String>=\"a.B\"");
        assertTrue(r.matches(provider.capabilities(BundleManifest.SERVICE_NAMESPACE).get(0)));
        assertFalse(r.matches(other.capabilities(BundleManifest.SERVICE_NAMESPACE).get(0)));
    }

    @Test
    void aRequirementWithoutFilterMatchesItsWholeNamespace() throws Exception {
        Requirement r = of("Require-Capability", "some.ns").requirements().get(0);
        assertNull(r.filter());
        assertTrue(r.matches(new Capability("some.ns", Map.of())));
        assertFalse(r.matches(new Capability("other.ns", Map.of())));
    }

    @Test
    void provideCapabilityKeepsTypedAttributes() throws Exception {
        BundleManifest b = of("Provide-Capability",
                "dev.backgroundtasks.task;dev.backgroundtasks.task=wait;timeoutSec:Long=1;noOutput=true");
        List<Capability> tasks = b.capabilities(TestBundles.TASK_NAMESPACE);
        assertEquals(1, tasks.size());
        assertEquals("wait", tasks.get(0).attributes().get(TestBundles.TASK_NAMESPACE));
        assertEquals(1L, tasks.get(0).attributes().get("timeoutSec"));
        assertEquals("true", tasks.get(0).attributes().get("noOutput"));
    }

    @Test
    void aFragmentIsRecognised() throws Exception {
        assertTrue(of("Fragment-Host", "host").isFragment());
    }
}
