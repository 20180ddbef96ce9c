package dev.backgroundtasks.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.jar.JarOutputStream;
import java.util.zip.ZipEntry;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.backgroundtasks.testing.BackgroundTaskResult;
import dev.backgroundtasks.testing.BackgroundTaskRun;
import dev.backgroundtasks.testing.TaskInstallation;
import dev.backgroundtasks.testing.WithInstallation;

/** docs/reliability.md rules 10, 11, 13, 14 and 19: one bad input never breaks another task. */
@WithInstallation(testingTasks = true)
class BadInputsIT {
    @TempDir
    Path tmp;

    private BackgroundTaskRun launch(Path testing) {
        return BackgroundTaskRun.launcher().tmpdir(tmp).env("BACKGROUNDTASKS_TESTING_DIR", testing.toString());
    }

    /** A testing folder holding the testing tasks (a bundle each), for jars the test adds next to them. */
    private Path testing() throws IOException {
        Path testing = Files.createDirectories(tmp.resolve("testing"));
        for (Path task : Fixtures.testingTasks()) {
            Files.copy(task, testing.resolve(task.getFileName()));
        }
        return testing;
    }

    /** Rule 10: any malformed header in any jar skips that jar, naming file and header; the rest works. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "Export-Package|p;x:List<String=a",
        "Export-Package|p;x:List<String>=\"a",
        "Import-Package|p;version=\"[1,\"",
        "Import-Package|p;version=\"1",
        "Require-Capability|ns;filter:=\"(&(x=1)\"",
        "Provide-Capability|ns;x:Version=notaversion",
        "Bundle-Version|1.x.y"})
    void aMalformedHeaderSkipsOnlyItsJar(String header, String value) throws Exception {
        Path testing = testing();
        Path bad = Fixtures.withManifest(Fixtures.fixture("dev.backgroundtasks.testing.fixture.library"),
                testing.resolve("bad.jar"), header, value);
        BackgroundTaskResult r = launch(testing).args("--backgroundtask", "success").run();
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.stderrText().contains("skipping " + bad) && r.stderrText().contains(header), r::toString);
        BackgroundTaskResult list = launch(testing).args("--list-tasks").run();
        assertEquals(0, list.exitCode(), list::toString);
        assertTrue(list.stdoutText().contains("(skipped)\ttesting\t" + bad), list::toString);
        assertTrue(list.stdoutText().contains("success\t"), list::toString);
    }

    /** Rule 10: when the malformed jar is the task's own bundle, the run exits 5 naming it, even for a no-output task. */
    @Test
    void aTaskWhoseOwnBundleIsMalformedFailsToLoad() throws Exception {
        Path testing = Files.createDirectories(tmp.resolve("testing"));
        Path bad = Fixtures.withManifest(Fixtures.testingTask("no_output"), testing.resolve("no_output.jar"),
                "Import-Package", "dev.backgroundtasks.api;version=\"[1.1,\"");
        BackgroundTaskResult r = launch(testing).args("--backgroundtask", "no_output").run();
        assertEquals(5, r.exitCode(), r::toString);
        assertTrue(r.stderrText().contains(bad.toString()) && r.stderrText().contains("Import-Package"), r::toString);
        assertTrue(r.stderr().stream().anyMatch(l -> l.contains(" ERROR backgroundtasks: task 'no_output' failed to load")),
                "the one platform line of a no-output task: " + r);
    }

    /** Rule 19: *.jar entries that are not regular files are reported like any other skipped jar. */
    @Test
    void jarEntriesThatAreNotFilesAreReported() throws Exception {
        Path testing = testing();
        Files.createDirectories(testing.resolve("directory.jar"));
        Files.createSymbolicLink(testing.resolve("dangling.jar"), tmp.resolve("nowhere"));
        Files.createSymbolicLink(testing.resolve("loop.jar"), testing.resolve("loop.jar"));
        OtherUsers.run(List.of("mkfifo", testing.resolve("fifo.jar").toString()));
        BackgroundTaskResult r = launch(testing).args("--backgroundtask", "success").run();
        assertEquals(0, r.exitCode(), r::toString);
        BackgroundTaskResult list = launch(testing).args("--list-tasks").run();
        assertEquals(0, list.exitCode(), list::toString);
        for (String name : List.of("directory.jar", "dangling.jar", "loop.jar", "fifo.jar")) {
            assertTrue(r.stderrText().contains("skipping " + testing.resolve(name)), name + ": " + r);
            assertTrue(list.stdoutText().contains("(skipped)\ttesting\t" + testing.resolve(name)), name + ": " + list);
        }
    }

    /** Rule 11: a malformed defaults file is exit 1 with one line naming the file and the line. */
    @Test
    void aMalformedDefaultsFileIsOneLine(TaskInstallation shared) throws Exception {
        TaskInstallation copy = shared.copy();
        Path installation = copy.path();
        Files.writeString(installation.resolve("defaults/prefs.properties"), "# fine\na=1\nb=\\uZZZZ\n");
        exitsOneWithOneLine(BackgroundTaskRun.launcher().in(copy).tmpdir(tmp).args("--backgroundtask", "success"),
                installation.resolve("defaults/prefs.properties") + ": line 3");
    }

    private static void exitsOneWithOneLine(BackgroundTaskRun launch, String expected) {
        BackgroundTaskResult r = launch.run();
        assertEquals(1, r.exitCode(), r::toString);
        assertTrue(r.stderrText().contains(expected), r::toString);
        assertFalse(r.stderrText().contains("\tat "), "no stack trace: " + r);
    }

    /** Rule 11: a profile's prefs.properties that is not UTF-8 is one line naming the file and the line. */
    @Test
    void aProfilePreferencesFileThatIsNotUtf8IsOneLine() throws Exception {
        Path profile = Files.createDirectories(tmp.resolve("profile"));
        Files.write(profile.resolve("prefs.properties"), new byte[] {'a', '=', '1', '\n', 'b', '=', (byte) 0xff, '\n'});
        exitsOneWithOneLine(launch(testing()).args("--profile", profile.toString(), "--backgroundtask", "success"),
                profile.resolve("prefs.properties") + ": line 2 is not valid UTF-8");
    }

    /** Rule 11: a corrupt persistent-profile registry is moved aside and rebuilt; the task runs. */
    @Test
    void aCorruptRegistryIsRebuilt() throws Exception {
        Path data = Files.createDirectories(tmp.resolve("data"));
        Files.writeString(data.resolve("profiles.properties"), "x=\\uZZ\n");
        BackgroundTaskResult r = launch(testing()).env("BACKGROUNDTASKS_DATA_DIR", data.toString())
                .args("--backgroundtask", "not_ephemeral_profile", "a", "1").run();
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(Files.exists(data.resolve("profiles.properties.corrupt")), r::toString);
        assertTrue(r.stderrText().contains("profiles.properties"), r::toString);
    }

    /** Rule 11: a malformed staged update is moved aside; the task runs. */
    @Test
    void aMalformedStagedUpdateIsMovedAside(TaskInstallation shared) throws Exception {
        TaskInstallation copy = shared.copy();
        Path installation = copy.path();
        Path staged = Files.createDirectories(installation.resolve("updates/staged"));
        Files.writeString(staged.resolve("update.properties"), "version=2\nremove.1=\\u12\n");
        BackgroundTaskResult r = BackgroundTaskRun.launcher().in(copy).tmpdir(tmp).args("--backgroundtask", "shouldprocessupdates").run();
        assertEquals(81, r.exitCode(), "processed (rejected), and the task ran: " + r);
        assertFalse(Files.exists(staged), r::toString);
        try (var s = Files.list(installation.resolve("updates"))) {
            assertTrue(s.anyMatch(p -> p.getFileName().toString().startsWith("rejected-")), r::toString);
        }
        assertTrue(r.stderrText().contains("update.properties: line 2"), r::toString);
    }

    /** Rule 13: a jar replaced by another of the same size and modification time is read afresh. */
    @Test
    void aJarReplacedWithTheSameSizeAndTimeIsReadAfresh() throws Exception {
        Path testing = testing();
        Files.createDirectories(tmp.resolve("runtime"));
        Path jar = testing.resolve("same.jar");
        writeBundle(jar, "2");
        FileTime time = Files.getLastModifiedTime(jar);
        long size = Files.size(jar);
        BackgroundTaskResult first = launch(testing).args("--backgroundtask", "success").run();
        assertEquals(0, first.exitCode(), first::toString);
        assertFalse(first.stderrText().contains("same.jar"), first::toString);
        writeBundle(jar, "3"); // Bundle-ManifestVersion 3: not a bundle the platform reads
        Files.setLastModifiedTime(jar, time);
        assertEquals(size, Files.size(jar));
        BackgroundTaskResult second = launch(testing).args("--backgroundtask", "success").run();
        assertEquals(0, second.exitCode(), second::toString);
        assertTrue(second.stderrText().contains("skipping " + jar), "the index was stale: " + second);
    }

    /** Rule 14: an out-of-range setting is an invalid declaration with a warning, never an immediate timeout. */
    @ParameterizedTest
    @CsvSource({"timeoutSec:Long=0,timeoutSec:Long=9223372036854775807", "minRuntimeMs:Long=-1,minRuntimeMs:Long=-5"})
    void anOutOfRangeSettingIsRefused(String original, String replaced) throws Exception {
        Path testing = Files.createDirectories(tmp.resolve("testing"));
        Path source = Fixtures.testingTask("exitcode");
        String declared = Fixtures.mainAttribute(source, "Provide-Capability");
        String task = "dev.backgroundtasks.task=exitcode;";
        int at = declared.indexOf(task);
        int setting = declared.indexOf(original, at);
        assertTrue(at >= 0 && setting > at, declared);
        String changed = declared.substring(0, setting) + replaced + declared.substring(setting + original.length());
        Path bad = Fixtures.withManifest(source, testing.resolve("exitcode.jar"), "Provide-Capability", changed);
        BackgroundTaskResult r = launch(testing).args("--backgroundtask", "exitcode", "0").run();
        assertEquals(5, r.exitCode(), r::toString);
        assertTrue(r.stderrText().contains(bad.toString()) && r.stderrText().contains(replaced.substring(0, replaced.indexOf(':'))), r::toString);
    }

    /** A one-entry jar whose size depends only on the length of its manifest (stored, fixed time). */
    private static void writeBundle(Path jar, String manifestVersion) throws IOException {
        String manifest = "Manifest-Version: 1.0\r\nBundle-ManifestVersion: " + manifestVersion
                + "\r\nBundle-SymbolicName: hard.same\r\nBundle-Version: 1.0.0\r\n\r\n";
        byte[] bytes = manifest.getBytes(StandardCharsets.UTF_8);
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file)) {
            ZipEntry entry = new ZipEntry("META-INF/MANIFEST.MF");
            entry.setMethod(ZipEntry.STORED);
            entry.setSize(bytes.length);
            java.util.zip.CRC32 crc = new java.util.zip.CRC32();
            crc.update(bytes);
            entry.setCrc(crc.getValue());
            entry.setTime(0);
            out.putNextEntry(entry);
            out.write(bytes);
            out.closeEntry();
        }
    }
}
