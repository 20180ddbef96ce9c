package dev.backgroundtasks.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.backgroundtasks.api.ExitCode;

/**
 * The class archive the build baked into the image: a container run maps it (the launcher, Felix and SCR
 * come from it), a run stays silent and keeps its exit code, and a run whose archive does not fit (an
 * older launcher.jar, a missing file) still runs, silently, without it. The image's JRE is the build's JDK:
 * a JDK 25 build bakes an AOT cache, a JDK 17 build a dynamic AppCDS archive.
 */
class ClassArchiveIT {
    private static final Duration RUN_BOUND = Duration.ofMinutes(2);
    private static final String BANNER = "*** You are running in background task mode. ***";
    private static final String FROM_ARCHIVE = " source: shared objects file";
    /** Where the image keeps the archive: the entry point's option names it. */
    private static final String ARCHIVE = System.getProperty("image.classArchive")
            .substring(System.getProperty("image.classArchive").indexOf('=') + 1);
    private static final List<String> CLASS_LOAD_LOG = List.of("-Xlog:class+load=info:stdout");

    private static UnpackedImage image;

    @BeforeAll
    static void unpack() throws IOException {
        HostTools.require("skopeo", "umoci", "unshare", "chroot", "mount");
        HostTools.requireRoot();
        image = UnpackedImage.unpack(Path.of(System.getProperty("image.tar")),
                Path.of(System.getProperty("image.work") + "-archive"), Path.of(System.getProperty("image.testingTasks")));
    }

    /** A copy of the image whose files a test changes. */
    private static UnpackedImage copy(String suffix) throws IOException {
        return image.copy(Path.of(System.getProperty("image.work") + suffix));
    }

    @Test
    void theImageHoldsTheArchiveItsEntryPointNames() {
        assertTrue(image.entrypoint().contains(System.getProperty("image.classArchive")), image.entrypoint()::toString);
        assertTrue(Files.isRegularFile(image.rootfs().resolve(ARCHIVE.substring(1))), "no " + ARCHIVE + " in the image");
        assertFalse(image.entrypoint().contains("-Xshare:on"), "a JVM that cannot map the archive must still run");
    }

    @Test
    void aContainerRunLoadsTheLauncherFelixAndScrFromTheArchive() throws Exception {
        try (ContainerRun run = image.start(null, List.of(), CLASS_LOAD_LOG, "--backgroundtask", "diagnostics")) {
            assertEquals(ExitCode.SUCCESS, run.await(RUN_BOUND), run::toString);
            String log = run.stdoutText();
            assertTrue(log.contains("installation: /opt/backgroundtasks"), run::toString); // the task ran
            for (String type : List.of("java.lang.Object", "dev.backgroundtasks.launcher.Main",
                    "org.apache.felix.framework.Felix", "org.apache.felix.scr.impl.Activator")) {
                assertTrue(log.contains("] " + type + FROM_ARCHIVE), type + " is not from the archive:\n" + classLoad(log, type));
            }
        }
    }

    @Test
    void aRunIsSilentAndKeepsItsExitCode() throws Exception {
        try (ContainerRun run = image.start("--backgroundtask", "no_output")) {
            assertEquals(ExitCode.SUCCESS, run.await(RUN_BOUND), run::toString);
            assertEquals("", run.stdoutText(), run::toString);
            assertEquals("", run.stderrText(), run::toString);
        }
        try (ContainerRun run = image.start("--backgroundtask", "exitcode", "7")) {
            assertEquals(7, run.await(RUN_BOUND), run::toString);
            assertEquals("", run.stdoutText(), run::toString);
            assertEquals(BANNER, run.stderrText(), run::toString);
        }
    }

    @Test
    void anArchiveForAnotherLauncherJarIsSkippedSilently() throws Exception {
        UnpackedImage changed = copy("-archive-stale");
        // what an application layer that replaced launcher.jar would do: the JVM's check of the class path fails
        Files.setLastModifiedTime(changed.rootfs().resolve("opt/backgroundtasks/launcher.jar"), FileTime.from(Instant.now()));
        assertRunsSilentlyWithoutTheArchive(changed);
        Runtime.Version jre = imageRuntimeVersion(changed);
        assumeFalse(jre.feature() == 25 && jre.update() < 4, "the image's JRE is " + jre + ": before 25.0.4 the JVM"
                + " maps an AOT cache made for another launcher.jar and serves its stale classes (JDK-8377932)");
        try (ContainerRun run = changed.start(null, List.of(), CLASS_LOAD_LOG, "--backgroundtask", "diagnostics")) {
            assertEquals(ExitCode.SUCCESS, run.await(RUN_BOUND), run::toString);
            String log = run.stdoutText();
            assertFalse(log.contains("] dev.backgroundtasks.launcher.Main" + FROM_ARCHIVE), classLoad(log, "dev.backgroundtasks.launcher.Main"));
            assertTrue(log.contains("] dev.backgroundtasks.launcher.Main source: file:/opt/backgroundtasks/launcher.jar"),
                    classLoad(log, "dev.backgroundtasks.launcher.Main"));
        }
    }

    /** The version of the image's JRE, from its {@code release} file. */
    private static Runtime.Version imageRuntimeVersion(UnpackedImage image) throws IOException {
        try (Stream<String> lines = Files.lines(image.rootfs().resolve("opt/backgroundtasks/jre/release"))) {
            String line = lines.filter(l -> l.startsWith("JAVA_VERSION=")).findFirst()
                    .orElseThrow(() -> new AssertionError("no JAVA_VERSION in the image's jre/release"));
            return Runtime.Version.parse(line.substring(line.indexOf('=') + 1).replace("\"", ""));
        }
    }

    @Test
    void aMissingArchiveIsSkippedSilently() throws Exception {
        UnpackedImage missing = copy("-archive-missing");
        Files.delete(missing.rootfs().resolve(ARCHIVE.substring(1)));
        assertRunsSilentlyWithoutTheArchive(missing);
    }

    private static void assertRunsSilentlyWithoutTheArchive(UnpackedImage image) throws InterruptedException {
        try (ContainerRun run = image.start("--backgroundtask", "exitcode", "7")) {
            assertEquals(7, run.await(RUN_BOUND), run::toString);
            assertEquals("", run.stdoutText(), run::toString);
            assertEquals(BANNER, run.stderrText(), run::toString);
        }
    }

    /** The class+load lines of {@code type}, for a failure's message. */
    private static String classLoad(String log, String type) {
        return log.lines().filter(l -> l.contains("] " + type + " ")).reduce("", (a, b) -> a + b + "\n");
    }
}
