package dev.backgroundtasks.launcher.internal.lookup;

import static dev.backgroundtasks.launcher.internal.lookup.TestBundles.manifest;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** docs/reference/lookup.md: the task bundle's resolution closure, from manifests only. */
class BundleClosureTest {
    private final BundleClosure closure = new BundleClosure(
            new SystemBundleCapabilities(Set.of("dev.backgroundtasks.api", "dev.backgroundtasks.scheduler")));

    private static List<String> names(List<BundleManifest> bundles) {
        return bundles.stream().map(BundleManifest::symbolicName).toList();
    }

    private static List<String> withVersions(List<BundleManifest> bundles) {
        return bundles.stream().map(b -> b.symbolicName() + " " + b.version()).toList();
    }

    private static BundleManifest versioned(String symbolicName, String version, String... headers) {
        try {
            return BundleManifest.of(Path.of(symbolicName + "-" + version + ".jar"),
                    TestBundles.attributes(symbolicName, version, headers));
        } catch (BundleManifest.InvalidBundleException e) {
            throw new AssertionError(e);
        }
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

    /** As the Felix resolver chooses: the highest version in range wins, never the first file name. */
    @Test
    void theHighestVersionWinsWhateverTheOrder() {
        BundleManifest task = manifest("task", "Import-Package", "lib.p");
        BundleManifest first = manifest("first", "Export-Package", "lib.p;version=1");
        BundleManifest second = manifest("second", "Export-Package", "lib.p;version=2");
        assertEquals(List.of("task", "second"), closureOf(task, first, second));
        assertEquals(List.of("task", "second"), closureOf(task, second, first));
    }

    @Test
    void amongEqualVersionsTheFirstCandidateWins() {
        BundleManifest task = manifest("task", "Import-Package", "lib.p");
        BundleManifest first = manifest("first", "Export-Package", "lib.p;version=1");
        BundleManifest second = manifest("second", "Export-Package", "lib.p;version=1");
        assertEquals(List.of("task", "first"), closureOf(task, first, second));
        assertEquals(List.of("task", "second"), closureOf(task, second, first));
    }

    @Test
    void twoVersionsOfOneLibraryCoexistAndEachRangeGetsItsOwn() {
        BundleManifest lib1 = versioned("lib", "1.0.0", "Export-Package", "lib.p;version=1.0.0");
        BundleManifest lib2 = versioned("lib", "1.5.0", "Export-Package", "lib.p;version=1.5.0");
        assertEquals(List.of("wide 1.0.0", "lib 1.5.0"), withVersions(closure.of(
                manifest("wide", "Import-Package", "lib.p;version=\"[1,2)\""), List.of(lib1, lib2))));
        assertEquals(List.of("narrow 1.0.0", "lib 1.0.0"), withVersions(closure.of(
                manifest("narrow", "Import-Package", "lib.p;version=\"[1,1.1)\""), List.of(lib1, lib2))));
    }

    /**
     * A library that accepts x [1,3) but also imports y, whose export uses x [1,2): the first pass
     * takes x 2 for it, the uses constraint wants x 1 everywhere, and x 2 stays out.
     */
    @Test
    void usesConstraintsChooseAConsistentWiringAsAWhole() {
        BundleManifest x1 = versioned("x", "1.0.0", "Export-Package", "x.p;version=1.0.0");
        BundleManifest x2 = versioned("x", "2.0.0", "Export-Package", "x.p;version=2.0.0");
        BundleManifest a = versioned("a", "1.0.0", "Export-Package", "a.p;uses:=\"x.p,y.p\"",
                "Import-Package", "x.p;version=\"[1,3)\",y.p");
        BundleManifest y = versioned("y", "1.0.0", "Export-Package", "y.p;uses:=\"x.p\"",
                "Import-Package", "x.p;version=\"[1,2)\"");
        BundleManifest task = manifest("task", "Import-Package", "a.p");
        assertEquals(List.of("task 1.0.0", "a 1.0.0", "x 1.0.0", "y 1.0.0"),
                withVersions(closure.of(task, List.of(x2, x1, y, a))));
    }

    /** Jackson's case: databind 2.18 accepts core [2.18,3), and a task pinned to 2.18 gets core 2.18. */
    @Test
    void aTaskPinnedToAnOlderLibraryGetsItsOwnDependencies() {
        BundleManifest core18 = versioned("core", "2.18.2", "Export-Package", "core.p;version=2.18.2");
        BundleManifest core23 = versioned("core", "2.23.0", "Export-Package", "core.p;version=2.23.0");
        BundleManifest databind18 = versioned("databind", "2.18.2",
                "Export-Package", "databind.p;version=2.18.2;uses:=\"core.p\"",
                "Import-Package", "core.p;version=\"[2.18,3)\"");
        BundleManifest databind23 = versioned("databind", "2.23.0",
                "Export-Package", "databind.p;version=2.23.0;uses:=\"core.p\"",
                "Import-Package", "core.p;version=\"[2.23,3)\"");
        BundleManifest task = manifest("task", "Import-Package",
                "databind.p;version=\"[2.18,2.19)\",core.p;version=\"[2.18,2.19)\"");
        assertEquals(List.of("task 1.0.0", "databind 2.18.2", "core 2.18.2"),
                withVersions(closure.of(task, List.of(core23, databind23, core18, databind18))));
    }

    /** Jackson's manifests: databind imports the packages it exports, and keeps its own. */
    @Test
    void aLibraryImportingItsOwnPackagesKeepsThemBesideANewerCopy() {
        BundleManifest core18 = versioned("core", "2.18.2", "Export-Package", "core.p;version=2.18.2");
        BundleManifest core23 = versioned("core", "2.23.0", "Export-Package", "core.p;version=2.23.0");
        BundleManifest databind18 = versioned("databind", "2.18.2",
                "Export-Package", "databind.p;version=2.18.2;uses:=\"core.p\"",
                "Import-Package", "core.p;version=\"[2.18,3)\",databind.p;version=\"[2.18,3)\"");
        BundleManifest databind23 = versioned("databind", "2.23.0",
                "Export-Package", "databind.p;version=2.23.0;uses:=\"core.p\"",
                "Import-Package", "core.p;version=\"[2.23,3)\",databind.p;version=\"[2.23,3)\"");
        BundleManifest task = manifest("task", "Import-Package",
                "core.p;version=\"[2.18,2.19)\",databind.p;version=\"[2.18,2.19)\"");
        assertEquals(List.of("task 1.0.0", "core 2.18.2", "databind 2.18.2"),
                withVersions(closure.of(task, List.of(core23, databind23, core18, databind18))));
    }

    @Test
    void aClosureThatCannotBeWiredConsistentlyIsTheFirstPassForTheFrameworkToReport() {
        BundleManifest a = versioned("a", "1.0.0", "Export-Package", "a.p;uses:=\"c.p\"", "Import-Package",
                "c.p;version=\"[1,2)\"");
        BundleManifest c1 = versioned("c", "1.0.0", "Export-Package", "c.p;version=1");
        BundleManifest c2 = versioned("c", "2.0.0", "Export-Package", "c.p;version=2");
        BundleManifest c3 = versioned("c3", "1.0.0", "Export-Package", "c.p;version=1.5");
        BundleManifest task = manifest("task", "Import-Package", "a.p,c.p;version=\"[2,3)\"");
        assertEquals(List.of("task 1.0.0", "a 1.0.0", "c 2.0.0", "c3 1.0.0"),
                withVersions(closure.of(task, List.of(a, c1, c2, c3))));
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
