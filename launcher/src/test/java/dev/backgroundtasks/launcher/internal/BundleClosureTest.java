package dev.backgroundtasks.launcher.internal;

import static dev.backgroundtasks.launcher.internal.TestBundles.manifest;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** Contract section 5: the task bundle's resolution closure, from manifests only. */
class BundleClosureTest {
    private final BundleClosure closure = new BundleClosure(
            new SystemBundleCapabilities(Set.of("dev.backgroundtasks.api", "dev.backgroundtasks.scheduler")));

    private static List<String> names(List<BundleManifest> bundles) {
        return bundles.stream().map(BundleManifest::symbolicName).toList();
    }

    private List<String> closureOf(BundleManifest root, BundleManifest... candidates) {
        return names(closure.of(root, List.of(candidates)));
    }

    @Test
    void aBundleWithoutRequirementsIsAlone() {
        BundleManifest task = manifest("task");
        assertEquals(List.of("task"), closureOf(task, manifest("lib", "Export-Package", "lib.p")));
    }

    @Test
    void anImportPullsTheLibraryExportingIt() {
        BundleManifest task = manifest("task", "Import-Package", "lib.p;version=\"[1,2)\"");
        BundleManifest lib = manifest("lib", "Export-Package", "lib.p;version=1.1");
        assertEquals(List.of("task", "lib"), closureOf(task, lib));
    }

    @Test
    void theClosureIsTransitive() {
        BundleManifest task = manifest("task", "Import-Package", "a.p");
        BundleManifest a = manifest("a", "Export-Package", "a.p", "Import-Package", "b.p");
        BundleManifest b = manifest("b", "Export-Package", "b.p");
        assertEquals(List.of("task", "a", "b"), closureOf(task, b, a));
    }

    @Test
    void aCycleEnds() {
        BundleManifest task = manifest("task", "Import-Package", "a.p");
        BundleManifest a = manifest("a", "Export-Package", "a.p", "Import-Package", "b.p");
        BundleManifest b = manifest("b", "Export-Package", "b.p", "Import-Package", "a.p");
        assertEquals(List.of("task", "a", "b"), closureOf(task, a, b));
    }

    @Test
    void aJdkPackagePullsNothing() {
        BundleManifest task = manifest("task", "Import-Package", "javax.xml.parsers,java.util");
        BundleManifest xml = manifest("xml", "Export-Package", "javax.xml.parsers,java.util");
        assertEquals(List.of("task"), closureOf(task, xml));
    }

    @Test
    void aFrameworkPackagePullsNothing() {
        BundleManifest task = manifest("task", "Import-Package",
                "org.osgi.framework;version=\"[1.10,2)\",org.osgi.framework.wiring,org.osgi.util.tracker");
        BundleManifest osgi = manifest("osgi", "Export-Package",
                "org.osgi.framework;version=1.10,org.osgi.framework.wiring,org.osgi.util.tracker");
        assertEquals(List.of("task"), closureOf(task, osgi));
    }

    @Test
    void aPlatformPackageOfTheSystemBundlePullsNothing() {
        BundleManifest task = manifest("task", "Import-Package", "dev.backgroundtasks.api;version=\"[1,2)\"");
        BundleManifest api = manifest("dev.backgroundtasks.api.copy", "Export-Package", "dev.backgroundtasks.api;version=1");
        assertEquals(List.of("task"), closureOf(task, api));
    }

    @Test
    void aServiceRequirementPullsItsProvider() {
        BundleManifest task = manifest("task", "Require-Capability",
                "osgi.service;filter:=\"(objectClass=x.Y)\";effective:=active");
        BundleManifest other = manifest("other", "Provide-Capability", "osgi.service;objectClass:List<String>=\"x.Z\"");
        BundleManifest provider = manifest("provider", "Provide-Capability",
                "osgi.service;objectClass:List<String>=\"x.Y\"");
        assertEquals(List.of("task", "provider"), closureOf(task, other, provider));
    }

    @Test
    void anotherActiveRequirementPullsNothing() {
        BundleManifest task = manifest("task", "Require-Capability", "some.ns;filter:=\"(a=1)\";effective:=active");
        BundleManifest provider = manifest("provider", "Provide-Capability", "some.ns;a=1");
        assertEquals(List.of("task"), closureOf(task, provider));
    }

    @Test
    void aResolveTimeCapabilityRequirementPullsItsProvider() {
        BundleManifest task = manifest("task", "Require-Capability", "some.ns;filter:=\"(a=1)\"");
        BundleManifest provider = manifest("provider", "Provide-Capability", "some.ns;a=1");
        assertEquals(List.of("task", "provider"), closureOf(task, provider));
    }

    @Test
    void anExtenderRequirementPullsTheExtenderInItsVersionRange() {
        BundleManifest task = manifest("task", "Require-Capability",
                "osgi.extender;filter:=\"(&(osgi.extender=osgi.component)(version>=1.5.0)(!(version>=2.0.0)))\"");
        BundleManifest old = manifest("scr.old", "Provide-Capability",
                "osgi.extender;osgi.extender=\"osgi.component\";version:Version=\"1.4.0\"");
        BundleManifest scr = manifest("scr", "Provide-Capability",
                "osgi.extender;osgi.extender=\"osgi.component\";version:Version=\"1.5.1\"");
        assertEquals(List.of("task", "scr"), closureOf(task, old, scr));
    }

    @Test
    void anExecutionEnvironmentRequirementPullsNothing() {
        BundleManifest task = manifest("task", "Require-Capability", "osgi.ee;filter:=\"(osgi.ee=JavaSE)\"");
        BundleManifest ee = manifest("ee", "Provide-Capability", "osgi.ee;osgi.ee=JavaSE");
        assertEquals(List.of("task"), closureOf(task, ee));
    }

    @Test
    void anOptionalImportPullsNothing() {
        BundleManifest task = manifest("task", "Import-Package", "lib.p;resolution:=optional");
        BundleManifest lib = manifest("lib", "Export-Package", "lib.p");
        assertEquals(List.of("task"), closureOf(task, lib));
    }

    @Test
    void anOptionalServiceRequirementPullsNothing() {
        BundleManifest task = manifest("task", "Require-Capability",
                "osgi.service;filter:=\"(objectClass=x.Y)\";effective:=active;resolution:=optional");
        BundleManifest provider = manifest("provider", "Provide-Capability",
                "osgi.service;objectClass:List<String>=\"x.Y\"");
        assertEquals(List.of("task"), closureOf(task, provider));
    }

    @Test
    void unrelatedCandidatesStayOut() {
        BundleManifest task = manifest("task", "Import-Package", "lib.p");
        assertEquals(List.of("task", "lib"), closureOf(task,
                manifest("u1", "Export-Package", "u.p"),
                manifest("lib", "Export-Package", "lib.p"),
                manifest("u2", "Export-Package", "u2.p", "Import-Package", "u.p")));
    }

    @Test
    void theFirstMatchingCandidateWins() {
        BundleManifest task = manifest("task", "Import-Package", "lib.p");
        BundleManifest first = manifest("first", "Export-Package", "lib.p;version=1");
        BundleManifest second = manifest("second", "Export-Package", "lib.p;version=2");
        assertEquals(List.of("task", "first"), closureOf(task, first, second));
        assertEquals(List.of("task", "second"), closureOf(task, second, first));
    }

    @Test
    void aCandidateOutsideTheVersionRangeIsPassedOver() {
        BundleManifest task = manifest("task", "Import-Package", "lib.p;version=\"[2,3)\"");
        BundleManifest old = manifest("old", "Export-Package", "lib.p;version=1.5");
        BundleManifest current = manifest("current", "Export-Package", "lib.p;version=2.1");
        assertEquals(List.of("task", "current"), closureOf(task, old, current));
    }

    @Test
    void aRequirementAlreadySatisfiedInTheClosurePullsNothingMore() {
        BundleManifest task = manifest("task", "Import-Package", "a.p,b.p");
        BundleManifest onlyB = manifest("onlyB", "Export-Package", "b.p");
        BundleManifest both = manifest("both", "Export-Package", "a.p,b.p");
        assertEquals(List.of("task", "both"), closureOf(task, onlyB, both));
    }

    @Test
    void aRequirementTheTaskSatisfiesItselfPullsNothing() {
        BundleManifest task = manifest("task", "Export-Package", "t.p", "Import-Package", "t.p");
        assertEquals(List.of("task"), closureOf(task, manifest("other", "Export-Package", "t.p")));
    }

    @Test
    void requireBundlePullsThatBundle() {
        BundleManifest task = manifest("task", "Require-Bundle", "lib");
        assertEquals(List.of("task", "lib"), closureOf(task, manifest("other"), manifest("lib")));
    }

    @Test
    void aSecondCopyOfTheRootIsNeverAdded() {
        BundleManifest task = manifest("task", "Import-Package", "lib.p");
        BundleManifest copy = manifest("task", "Export-Package", "lib.p");
        BundleManifest lib = manifest("lib", "Export-Package", "lib.p");
        assertEquals(List.of("task", "lib"), closureOf(task, copy, lib));
    }

    @Test
    void aFragmentIsNeverAddedAsAProvider() {
        BundleManifest task = manifest("task", "Import-Package", "lib.p");
        BundleManifest fragment = manifest("fragment", "Fragment-Host", "host", "Export-Package", "lib.p");
        BundleManifest lib = manifest("lib", "Export-Package", "lib.p");
        assertEquals(List.of("task", "lib"), closureOf(task, fragment, lib));
    }

    @Test
    void anUnsatisfiedRequirementAddsNothing() {
        BundleManifest task = manifest("task", "Import-Package", "missing.p");
        assertEquals(List.of("task"), closureOf(task, manifest("lib", "Export-Package", "lib.p")));
    }

    @Test
    void theClosureKeepsTheGivenManifests() {
        BundleManifest task = manifest("task", "Import-Package", "lib.p");
        BundleManifest lib = manifest("lib", "Export-Package", "lib.p");
        List<BundleManifest> result = closure.of(task, List.of(lib));
        assertEquals(task, result.get(0));
        assertEquals(lib, result.get(1));
        assertEquals(Path.of("lib.jar"), result.get(1).file());
    }
}
