package dev.backgroundtasks.launcher.internal.lookup;

import static dev.backgroundtasks.launcher.internal.lookup.TestBundles.taskJar;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.backgroundtasks.launcher.internal.lookup.TaskLookup.Found;
import dev.backgroundtasks.launcher.internal.lookup.TaskLookup.TaskDeclaration;

import dev.backgroundtasks.launcher.internal.files.Installation;

/** docs/reference/lookup.md: where a task is found, and what lookup skips. */
class TaskLookupTest {
    @TempDir
    Path temp;

    private Path root;
    private Path bundles;
    private Path app;
    private Path toolkit;
    private Path testing;
    private Installation installation;
    private Map<String, String> env;

    @BeforeEach
    void layOut() throws IOException {
        root = Files.createDirectories(temp.resolve("install"));
        bundles = Files.createDirectories(root.resolve("bundles"));
        app = Files.createDirectories(root.resolve("app/backgroundtasks"));
        toolkit = Files.createDirectories(root.resolve("toolkit/backgroundtasks"));
        testing = Files.createDirectories(temp.resolve("testing"));
        installation = new Installation(root);
        env = Map.of("BACKGROUNDTASKS_TESTING_DIR", testing.toString());
    }

    private TaskLookup scan() {
        return TaskLookup.scan(installation, env);
    }

    private static TaskDeclaration winner(Found found) {
        return found.task().orElseThrow(() -> new AssertionError("not found"));
    }

    private static String fileName(TaskDeclaration d) {
        return d.bundle().file().getFileName().toString();
    }

    @Test
    void aTaskIsFoundWithItsSettings() throws Exception {
        taskJar(app, "w.jar", "org.example.w", "1.0.0", "wait");
        Found found = scan().find("wait");
        TaskDeclaration d = winner(found);
        assertEquals("wait", d.name());
        assertEquals("app", d.location().label());
        assertEquals(1, d.settings().timeoutSec());
        assertTrue(d.settings().noOutput());
        assertEquals(List.of(), found.warnings());
    }

    @Test
    void anUnknownTaskIsNotFound() throws Exception {
        taskJar(app, "w.jar", "org.example.w", "1.0.0", "wait");
        Found found = scan().find("other");
        assertTrue(found.task().isEmpty());
        assertEquals(List.of(), found.warnings());
    }

    @Test
    void namesAreCaseSensitive() throws Exception {
        taskJar(app, "w.jar", "org.example.w", "1.0.0", "wait");
        assertTrue(scan().find("WAIT").task().isEmpty());
    }

    @Test
    void oneBundleMayDeclareSeveralTasks() throws Exception {
        taskJar(app, "w.jar", "org.example.w", "1.0.0", "one", "two");
        TaskLookup lookup = scan();
        assertEquals("w.jar", fileName(winner(lookup.find("one"))));
        assertEquals("w.jar", fileName(winner(lookup.find("two"))));
    }

    @Test
    void appWinsOverToolkit() throws Exception {
        taskJar(toolkit, "t.jar", "org.example.t", "9.0.0", "wait");
        taskJar(app, "a.jar", "org.example.a", "1.0.0", "wait");
        Found found = scan().find("wait");
        assertEquals("app", winner(found).location().label());
        assertEquals(List.of(), found.warnings());
    }

    @Test
    void toolkitWinsOverTesting() throws Exception {
        taskJar(testing, "x.jar", "org.example.x", "9.0.0", "wait");
        taskJar(toolkit, "t.jar", "org.example.t", "1.0.0", "wait");
        assertEquals("toolkit", winner(scan().find("wait")).location().label());
    }

    @Test
    void theTestingFolderIsSearchedWithTheVariable() throws Exception {
        taskJar(testing, "x.jar", "org.example.x", "1.0.0", "wait");
        assertEquals("testing", winner(scan().find("wait")).location().label());
    }

    @Test
    void theTestingFolderIsNotSearchedWithoutTheVariable() throws Exception {
        taskJar(testing, "x.jar", "org.example.x", "1.0.0", "wait");
        TaskLookup lookup = TaskLookup.scan(installation, Map.of());
        assertTrue(lookup.find("wait").task().isEmpty());
        assertEquals(List.of("app", "toolkit"), lookup.locations().stream().map(TaskLookup.Location::label).toList());
    }

    @Test
    void theVariableNamingNoDirectoryIsIgnored() throws Exception {
        Path file = Files.writeString(temp.resolve("file"), "x");
        TaskLookup lookup = TaskLookup.scan(installation, Map.of("BACKGROUNDTASKS_TESTING_DIR", file.toString()));
        assertEquals(2, lookup.locations().size());
        lookup = TaskLookup.scan(installation, Map.of("BACKGROUNDTASKS_TESTING_DIR", ""));
        assertEquals(2, lookup.locations().size());
    }

    @Test
    void theHighestVersionWinsWithinALocationWithAWarningNamingBoth() throws Exception {
        taskJar(app, "a-new.jar", "org.example.new", "2.0.0", "wait");
        taskJar(app, "b-old.jar", "org.example.old", "1.9.9", "wait");
        Found found = scan().find("wait");
        assertEquals("a-new.jar", fileName(winner(found)));
        assertEquals(1, found.warnings().size());
        String warning = found.warnings().get(0);
        assertTrue(warning.contains("a-new.jar") && warning.contains("b-old.jar"), warning);
        assertTrue(warning.contains("wait"), warning);
    }

    @Test
    void theHighestVersionWinsWhateverTheFileOrder() throws Exception {
        taskJar(app, "a-old.jar", "org.example.old", "1.0.0", "wait");
        taskJar(app, "b-new.jar", "org.example.new", "1.0.1", "wait");
        taskJar(app, "c-old.jar", "org.example.older", "0.5.0", "wait");
        Found found = scan().find("wait");
        assertEquals("b-new.jar", fileName(winner(found)));
        assertEquals(2, found.warnings().size());
    }

    @Test
    void aVersionTieGoesToTheLastFileNameWithAWarning() throws Exception {
        taskJar(app, "b.jar", "org.example.b", "1.0.0", "wait");
        taskJar(app, "a.jar", "org.example.a", "1.0.0", "wait");
        taskJar(app, "c.jar", "org.example.c", "1.0.0", "wait");
        Found found = scan().find("wait");
        assertEquals("c.jar", fileName(winner(found)));
        assertEquals(2, found.warnings().size());
        for (String warning : found.warnings()) {
            assertTrue(warning.contains("c.jar"), warning);
        }
        assertTrue(String.join("\n", found.warnings()).contains("a.jar"));
        assertTrue(String.join("\n", found.warnings()).contains("b.jar"));
    }

    @Test
    void aBrokenJarIsSkippedWithItsReasonAndDoesNotStopOthers() throws Exception {
        Path broken = Files.writeString(app.resolve("a-broken.jar"), "not a jar");
        taskJar(app, "b.jar", "org.example.b", "1.0.0", "wait");
        TaskLookup lookup = scan();
        assertEquals("b.jar", fileName(winner(lookup.find("wait"))));
        assertEquals(1, lookup.skipped().size());
        assertEquals(broken, lookup.skipped().get(0).file());
        assertEquals("app", lookup.skipped().get(0).location().label());
        assertTrue(lookup.skipped().get(0).reason().contains("not a valid jar"), lookup.skipped().get(0).reason());
        assertTrue(lookup.skippedWarnings().get(0).contains("a-broken.jar"), lookup.skippedWarnings().get(0));
    }

    @Test
    void aJarThatIsNotABundleIsSkipped() throws Exception {
        TestBundles.jarWithoutManifest(app.resolve("plain.jar"));
        TaskLookup lookup = scan();
        assertEquals(1, lookup.skipped().size());
        assertTrue(lookup.skipped().get(0).reason().contains("no manifest"));
    }

    @Test
    void aBrokenJarInAnEarlierLocationDoesNotHideALaterTask() throws Exception {
        Files.writeString(app.resolve("wait.jar"), "not a jar");
        taskJar(toolkit, "t.jar", "org.example.t", "1.0.0", "wait");
        assertEquals("toolkit", winner(scan().find("wait")).location().label());
    }

    @Test
    void anInvalidTaskNameIsSkippedWithItsReason() throws Exception {
        Path bad = taskJar(app, "bad.jar", "org.example.bad", "1.0.0", "bad.name");
        taskJar(app, "good.jar", "org.example.good", "1.0.0", "wait");
        TaskLookup lookup = scan();
        assertEquals(1, lookup.skipped().size());
        assertEquals(bad, lookup.skipped().get(0).file());
        assertTrue(lookup.skipped().get(0).reason().contains("bad.name"), lookup.skipped().get(0).reason());
        assertTrue(lookup.find("bad.name").task().isEmpty());
        assertEquals(List.of("wait"), lookup.declarations().stream().map(TaskDeclaration::name).toList());
        assertFalse(lookup.candidates().stream().anyMatch(b -> b.file().equals(bad)));
        assertTrue(winner(lookup.find("wait")).bundle().file().endsWith("good.jar"));
    }

    @Test
    void aTooLongTaskNameIsSkipped() throws Exception {
        taskJar(app, "long.jar", "org.example.long", "1.0.0", "a".repeat(65));
        assertEquals(1, scan().skipped().size());
    }

    @Test
    void aTaskFolderJarWithAPlatformBundlesSymbolicNameIsSkipped() throws Exception {
        TestBundles.jar(bundles.resolve("api.jar"), TestBundles.attributes("dev.backgroundtasks.api", "1.0.0"));
        Path copy = taskJar(app, "copy.jar", "dev.backgroundtasks.api", "9.0.0", "wait");
        TaskLookup lookup = scan();
        assertTrue(lookup.find("wait").task().isEmpty());
        assertEquals(1, lookup.skipped().size());
        assertEquals(copy, lookup.skipped().get(0).file());
        assertTrue(lookup.skipped().get(0).reason().contains("dev.backgroundtasks.api"));
        assertEquals(1, lookup.candidates().size());
        assertTrue(lookup.candidates().get(0).file().endsWith("api.jar"));
    }

    @Test
    void platformBundlesDeclareNoTasks() throws Exception {
        taskJar(bundles, "p.jar", "org.example.p", "1.0.0", "wait");
        assertTrue(scan().find("wait").task().isEmpty());
    }

    @Test
    void onlyJarsAreReadAndAJarThatIsNotAFileIsReported() throws Exception {
        Files.writeString(app.resolve("README.txt"), "hello");
        Files.createDirectories(app.resolve("folder.jar"));
        TaskLookup lookup = scan();
        // docs/reliability.md, rule 19: a *.jar that is not a regular file is skipped like any other, with a reason
        assertEquals(1, lookup.skipped().size());
        assertEquals(app.resolve("folder.jar"), lookup.skipped().get(0).file());
        assertEquals("not a regular file (a directory)", lookup.skipped().get(0).reason());
        assertEquals(List.of(), lookup.declarations());
    }

    @Test
    void missingFoldersHoldNothing() throws Exception {
        Path empty = Files.createDirectories(temp.resolve("empty"));
        TaskLookup lookup = TaskLookup.scan(new Installation(empty), Map.of());
        assertEquals(List.of(), lookup.declarations());
        assertEquals(List.of(), lookup.candidates());
        assertEquals(List.of(), lookup.skipped());
    }

    @Test
    void theWinnerIsNotShadowedAndTheOthersAre() throws Exception {
        taskJar(app, "a1.jar", "org.example.a1", "1.0.0", "wait");
        taskJar(app, "a2.jar", "org.example.a2", "2.0.0", "wait");
        taskJar(toolkit, "t.jar", "org.example.t", "3.0.0", "wait");
        taskJar(toolkit, "other.jar", "org.example.other", "1.0.0", "other");
        TaskLookup lookup = scan();
        assertEquals(4, lookup.declarations().size());
        for (TaskDeclaration d : lookup.declarations()) {
            boolean expected = !(fileName(d).equals("a2.jar") || fileName(d).equals("other.jar"));
            assertEquals(expected, lookup.isShadowed(d), fileName(d));
        }
    }

    @Test
    void candidatesArePlatformThenAppToolkitTesting() throws Exception {
        taskJar(testing, "x.jar", "org.example.x", "1.0.0", "x");
        taskJar(toolkit, "t.jar", "org.example.t", "1.0.0", "t");
        taskJar(app, "a.jar", "org.example.a", "1.0.0", "a");
        TestBundles.jar(app.resolve("lib.jar"), TestBundles.attributes("org.example.lib", "1.0.0"));
        TestBundles.jar(bundles.resolve("p.jar"), TestBundles.attributes("org.example.p", "1.0.0"));
        assertEquals(List.of("org.example.p", "org.example.a", "org.example.lib", "org.example.t", "org.example.x"),
                scan().candidates().stream().map(BundleManifest::symbolicName).toList());
    }

    /** A library the platform ships is a candidate like a drop-in; only infrastructure is protected. */
    @Test
    void anotherVersionOfAPlatformLibraryIsACandidateAndTheSameVersionIsUsedOnceSilently() throws Exception {
        TestBundles.jar(bundles.resolve("jackson-core-2.23.0.jar"), TestBundles.attributes("com.fasterxml.jackson.core", "2.23.0"));
        TestBundles.jar(app.resolve("jackson-core-2.18.2.jar"), TestBundles.attributes("com.fasterxml.jackson.core", "2.18.2"));
        TestBundles.jar(app.resolve("jackson-core-2.23.0.jar"), TestBundles.attributes("com.fasterxml.jackson.core", "2.23.0"));
        TaskLookup lookup = scan();
        assertEquals(List.of("bundles/jackson-core-2.23.0.jar", "app/backgroundtasks/jackson-core-2.18.2.jar"),
                lookup.candidates().stream().map(b -> root.relativize(b.file()).toString()).toList());
        assertEquals(List.of(), lookup.skipped());
        assertEquals(List.of(), lookup.skippedWarnings());
    }

    @Test
    void aCopyOfAnInfrastructureBundleIsSkippedAndReportedOnlyForAClosureThatInstallsIt() throws Exception {
        TestBundles.jar(bundles.resolve("scr.jar"), TestBundles.attributes("org.apache.felix.scr", "2.2.12"));
        TestBundles.jar(app.resolve("my-scr.jar"), TestBundles.attributes("org.apache.felix.scr", "2.3.0"));
        TaskLookup lookup = scan();
        assertEquals(1, lookup.skipped().size());
        assertEquals(List.of(), lookup.skippedWarnings());
        BundleManifest scr = lookup.candidates().get(0);
        assertEquals(1, lookup.candidates().size());
        assertEquals(List.of(), lookup.replacedWarnings(List.of()));
        assertEquals(1, lookup.replacedWarnings(List.of(scr)).size());
        assertTrue(lookup.replacedWarnings(List.of(scr)).get(0).contains("my-scr.jar"));
    }
}
