package dev.backgroundtasks.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.backgroundtasks.api.ExitCode;

/**
 * The image run as a container runtime runs it, without one: unpacked by skopeo and
 * umoci, its entry point started as PID 1 of a new PID namespace, chrooted as the image's user 65532,
 * with a read-only root and a tmpfs on {@code /tmp} ({@code src/test/sh/run-unpacked.sh}).
 */
class UnpackedImageIT {
    private static final Duration RUN_BOUND = Duration.ofMinutes(2);
    private static final String BANNER = "*** You are running in background task mode. ***";

    private static UnpackedImage image;

    @TempDir
    Path tmp;

    @BeforeAll
    static void unpack() throws IOException {
        HostTools.require("skopeo", "umoci", "unshare", "chroot", "mount");
        HostTools.requireRoot();
        image = UnpackedImage.unpack(Path.of(System.getProperty("image.tar")), Path.of(System.getProperty("image.work")),
                Path.of(System.getProperty("image.testingTasks")));
    }

    @Test
    void theEntryPointIsTheLauncherWithBinBackgroundtasksFlagsAndTheBakedArchiveRunAsUser65532() throws IOException {
        List<String> expected = new ArrayList<>(List.of("/opt/backgroundtasks/jre/bin/java"));
        expected.addAll(image.startupFlags());
        expected.addAll(List.of(System.getProperty("image.classArchive"), "-jar", "/opt/backgroundtasks/launcher.jar"));
        assertTrue(image.startupFlags().contains("-Xlog:disable"), image.startupFlags()::toString);
        assertEquals(expected, image.entrypoint());
        assertEquals("65532:65532", image.user());
        assertTrue(image.environment().contains("LANG=C.UTF-8"), image.environment()::toString);
        assertTrue(image.environment().contains("BACKGROUNDTASKS_DATA_DIR=" + UnpackedImage.DATA_DIR),
                image.environment()::toString);
        assertFalse(Files.exists(image.rootfs().resolve("opt/backgroundtasks/testing")),
                "the production image ships no test-only tasks");
        assertFalse(Files.exists(image.rootfs().resolve("app")), "none of Jib's Java application files");
    }

    @Test
    void diagnosticsRunsOnTheJlinkRuntimeUnderAUtf8Locale() throws Exception {
        try (ContainerRun run = image.start("--backgroundtask", "diagnostics")) {
            assertEquals(ExitCode.SUCCESS, run.await(RUN_BOUND), run::toString);
            assertTrue(run.stdoutText().contains("(/opt/backgroundtasks/jre)"), run::toString);
            assertTrue(run.stdoutText().contains("installation: /opt/backgroundtasks"), run::toString);
            // the launcher warns when the platform encoding is not UTF-8: the C.UTF-8 locale is there
            assertEquals(BANNER, run.stderrText(), run::toString);
        }
    }

    @Test
    void everyToolkitTaskIsFound() throws Exception {
        try (ContainerRun run = image.start("--list-tasks")) {
            assertEquals(ExitCode.SUCCESS, run.await(RUN_BOUND), run::toString);
            for (String task : List.of("diagnostics", "removeDirectory", "removeProfileFiles", "backgroundupdate")) {
                assertTrue(run.stdoutText().lines().anyMatch(l -> l.startsWith(task + "\t")), task + ": " + run);
            }
        }
    }

    @Test
    void anUnknownTaskExitsTwo() throws Exception {
        try (ContainerRun run = image.start("--backgroundtask", "no_such_task")) {
            assertEquals(ExitCode.NOT_FOUND, run.await(RUN_BOUND), run::toString);
            assertTrue(run.stderrText().contains("no_such_task"), run::toString);
        }
    }

    @Test
    void sigtermToTheJvmAsPidOneDuringAWaitingTaskExits143() throws Exception {
        try (ContainerRun run = image.start(null, List.of(), "--pref", "toolkit.backgroundtasks.loglevel=info",
                "--backgroundtask", "wait", "120", "/tmp/shutdown-record")) {
            ProcessHandle jvm = run.jvm(RUN_BOUND);
            // the task writes its record once it runs, after the launcher installed its signal handlers
            assertTrue(ContainerRun.awaitInTmp(jvm, "shutdown-record", RUN_BOUND), run::toString);
            assertTrue(Files.readString(Path.of("/proc", Long.toString(jvm.pid()), "status"))
                    .lines().anyMatch(l -> l.matches("NSpid:\\s+\\d+\\s+1")), "the JVM is PID 1 in its namespace");
            HostTools.output("kill", "-TERM", Long.toString(jvm.pid()));
            assertEquals(ExitCode.SIGTERM, run.await(RUN_BOUND), run::toString);
            assertTrue(run.stderrText().contains("received SIGTERM, shutting down"), run::toString);
        }
    }

    @Test
    void aPersistentProfileLivesOnTheDataVolume() throws Exception {
        Path volume = Files.createDirectory(tmp.resolve("data"));
        Files.setPosixFilePermissions(volume, PosixFilePermissions.fromString("rwx------"));
        HostTools.output("chown", image.user(), volume.toString());
        try (ContainerRun first = image.start(volume, List.of(), "--backgroundtask", "not_ephemeral_profile", "answer", "42")) {
            assertEquals(0, first.await(RUN_BOUND), first::toString);
        }
        try (ContainerRun second = image.start(volume, List.of(), "--backgroundtask", "not_ephemeral_profile", "answer", "7")) {
            assertEquals(42, second.await(RUN_BOUND), "the value stored by the first run: " + second);
        }
        try (Stream<Path> files = Files.walk(volume)) {
            assertTrue(files.anyMatch(p -> p.getFileName().toString().equals("prefs.properties")), "profile on the volume");
        }
    }

    @Test
    void aPersistentProfileWithoutADataVolumeFailsWithOneLine() throws Exception {
        try (ContainerRun run = image.start("--backgroundtask", "not_ephemeral_profile", "answer", "42")) {
            assertEquals(ExitCode.FAILURE, run.await(RUN_BOUND), run::toString);
            List<String> lines = run.stderrText().lines().filter(l -> !l.equals(BANNER)).toList();
            assertEquals(1, lines.size(), run::toString);
            assertTrue(lines.get(0).contains(UnpackedImage.DATA_DIR) && lines.get(0).contains("BACKGROUNDTASKS_DATA_DIR"),
                    run::toString);
        }
    }
}
