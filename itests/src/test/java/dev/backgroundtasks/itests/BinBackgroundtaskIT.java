package dev.backgroundtasks.itests;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.backgroundtasks.testing.BackgroundTaskResult;
import dev.backgroundtasks.testing.BackgroundTaskRun;
import dev.backgroundtasks.testing.RunningTask;

/**
 * bin/backgroundtask (README "bin/backgroundtask"): the launcher with start-up flags and a per-user
 * class archive (AppCDS on JDK 17, the AOT cache on JDK 25), made by a detached training run. Each
 * test runs the script on a private copy of the installation with a private XDG_CACHE_HOME, on JDK 17
 * (the JVM running the tests) and on JDK 25 where it is installed.
 */
class BinBackgroundtaskIT extends InstallationPerTest {
    private static final String JDK25 = System.getProperty("backgroundtasks.jdk25", "/usr/lib/jvm/temurin-25-jdk-amd64");

    @TempDir
    Path tmp;
    BinScript bin;
    Path cache;

    @BeforeEach
    void privateHomeAndCache() {
        bin = BinScript.in(inst, tmp);
        cache = bin.cache();
    }

    private static String java(int jdk) {
        Path home = jdk == 25 ? Path.of(JDK25) : Path.of(System.getProperty("java.home"));
        Path java = home.resolve("bin").resolve("java");
        Assumptions.assumeTrue(Files.isExecutable(java), "no JDK " + jdk + " at " + home);
        return java.toString();
    }

    /** {@code bin/backgroundtask ARGS} on JDK {@code jdk}, with a private home and cache. */
    private BackgroundTaskRun script(int jdk, String... args) {
        return bin.apply(BackgroundTaskRun.launcher(args), java(jdk)).tmpdir(tmp).timeout(Duration.ofMinutes(3));
    }

    private BackgroundTaskResult run(int jdk, String... args) {
        return script(jdk, args).run();
    }

    private List<Path> archives(int jdk) {
        return bin.archives(BinScript.suffix(jdk));
    }

    /** The first run makes no archive itself; its detached training run does, within a bound. */
    private Path awaitArchive(int jdk, Path other) {
        return bin.awaitArchive(BinScript.suffix(jdk), other);
    }

    private Path train(int jdk) {
        BackgroundTaskResult first = run(jdk, "--backgroundtask", "success");
        assertEquals(0, first.exitCode(), first::toString);
        return awaitArchive(jdk, null);
    }

    private static void assertSilent(BackgroundTaskResult r) {
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals(List.of(), r.stdout(), r::toString);
        assertEquals(List.of(), r.stderr(), r::toString);
    }

    @ParameterizedTest
    @ValueSource(ints = {17, 25})
    void aNoOutputTaskPrintsNothingWithoutAndWithTheArchiveAndExitCodesPassThrough(int jdk) throws Exception {
        assertSilent(run(jdk, "--backgroundtask", "no_output"));
        Path archive = awaitArchive(jdk, null);
        assertTrue(Files.readString(Path.of(archive.toString().replaceAll("\\.[a-z]+$", ".key"))).contains(inst.path().toRealPath().toString()));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(cache)));
        assertSilent(run(jdk, "--backgroundtask", "no_output"));

        assertEquals(2, run(jdk, "--backgroundtask", "no_such_task").exitCode());
        assertEquals(7, run(jdk, "--backgroundtask").exitCode());
        BackgroundTaskResult own = run(jdk, "--backgroundtask", "exitcode", "42");
        assertEquals(42, own.exitCode(), own::toString);
        BackgroundTaskResult args = run(jdk, "--backgroundtask", "print_args", "--", "a b", "", "*", "$HOME", "'\"");
        assertEquals(0, args.exitCode(), args::toString);
        assertTrue(args.stdoutText().contains("a b") && args.stdoutText().contains("$HOME") && args.stdoutText().contains("'\""), args::toString);
        sigtermEndsTheRunThatMapsTheArchive(jdk, archive);
    }

    @ParameterizedTest
    @ValueSource(ints = {17, 25})
    void detachedChildrenAndTheDebuggersChildGetTheSameFlagsAndArchive(int jdk) throws Exception {
        Path archive = train(jdk);
        List<String> expected = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xms16m", "-Xlog:disable",
                (jdk == 25 ? "-XX:AOTCache=" : "-XX:SharedArchiveFile=") + archive);
        BackgroundTaskResult detach = run(jdk, "--detach", "--backgroundtask", "wait", "120");
        assertEquals(0, detach.exitCode(), detach::toString);
        ProcessHandle child = ProcessHandle.of(Long.parseLong(detach.stdoutText().trim())).orElseThrow();
        try {
            assertTrue(jvmArguments(child).containsAll(expected), () -> jvmArguments(child).toString());
        } finally {
            child.destroy();
            child.onExit().get(30, TimeUnit.SECONDS);
        }

        RunningTask parent = script(jdk, "--backgroundtask", "wait", "--debugger=0", "--", "120").start();
        try {
            // JDWP's line says the child is up
            assertTrue(parent.awaitStdoutLine(l -> l.startsWith("Listening for transport dt_socket"),
                    Duration.ofSeconds(60)).isPresent(), parent::toString);
            ProcessHandle debuggee = parent.process().children().findFirst().orElseThrow();
            assertTrue(jvmArguments(debuggee).containsAll(expected), () -> jvmArguments(debuggee).toString());
        } finally {
            parent.signal("TERM");
            parent.await(Duration.ofSeconds(60)); // the debugger's parent ends on SIGTERM
        }
    }

    /** A process's arguments, behind a setsid or setpriv that exec'd into java. */
    private static List<String> jvmArguments(ProcessHandle p) {
        return List.of(p.info().arguments().orElse(new String[0]));
    }

    /** The run's JVM is the script's process (exec), maps the archive, and ends on SIGTERM with 143. */
    private void sigtermEndsTheRunThatMapsTheArchive(int jdk, Path archive) throws Exception {
        try (RunningTask p = script(jdk, "--backgroundtask", "wait", "120").start()) {
            String banner = "*** You are running in background task mode. ***";
            assertTrue(p.awaitStderrLine(banner::equals, Duration.ofSeconds(60)).isPresent(), p::toString);
            assertEquals(banner, p.stderrLines().get(0), p::toString);
            Path maps = Path.of("/proc", Long.toString(p.pid()), "maps");
            if (Files.isReadable(maps)) {
                assertTrue(Files.readString(maps).contains(archive.toString()), "the archive is mapped: " + archive);
            }
            p.signal("TERM");
            assertEquals(143, p.await(Duration.ofSeconds(30)).exitCode(), p::toString);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {17, 25})
    void aReplacedLauncherJarIsRunAtOnceEvenWithTheSameModificationTime(int jdk) throws Exception {
        Path old = train(jdk);
        Path jar = inst.launcherJar();
        FileTime mtime = Files.getLastModifiedTime(jar);
        Fixtures.patchClasses(jar, "no background task named '", "no background task NAMED '");
        Files.setLastModifiedTime(jar, mtime);

        BackgroundTaskResult r = run(jdk, "--backgroundtask", "no_such_task");
        assertEquals(2, r.exitCode(), r::toString);
        assertTrue(r.stderrText().contains("no background task NAMED 'no_such_task'"), r::toString);
        Path fresh = awaitArchive(jdk, old);
        await("the old archive dropped").atMost(BinScript.TRAINING).until(() -> !Files.exists(old));
        BackgroundTaskResult again = run(jdk, "--backgroundtask", "no_such_task");
        assertTrue(again.stderrText().contains("no background task NAMED 'no_such_task'"), again::toString);
        assertTrue(Files.exists(fresh));
    }

    @ParameterizedTest
    @ValueSource(ints = {17, 25})
    void aDroppedInBundleAndAChangedTaskClassAreRunAtOnce(int jdk) throws Exception {
        Path archive = train(jdk);
        // the training run loaded NoOutputTask, so the archive holds it; its bundle changes under it
        Fixtures.patchClasses(Fixtures.testingTask(inst, "no_output"), "no_output: a line on stdout", "no_output: a edit on stdout");
        BackgroundTaskResult changed = run(jdk, "--backgroundtask", "no_output", "--attach-console");
        assertEquals(0, changed.exitCode(), changed::toString);
        assertEquals(List.of("no_output: a edit on stdout"), changed.stdout(), changed::toString);

        Path app = inst.appTasks();
        inst.drop(Fixtures.fixture("dev.backgroundtasks.testing.fixture.droptask"), app, "droptask.jar");
        inst.drop(Fixtures.fixture("dev.backgroundtasks.testing.fixture.library"), app, "library.jar");
        BackgroundTaskResult dropped = run(jdk, "--backgroundtask", "droptask");
        assertEquals(42, dropped.exitCode(), dropped::toString);
        assertEquals("Hello, drop-in", dropped.stdoutText(), dropped::toString);
        assertEquals(List.of(archive), archives(jdk), "bundles are not part of the key: the archive stays");
    }

    /** A truncated archive would crash JDK 17 (SIGBUS): the script sees the size changed and trains again. */
    @ParameterizedTest
    @ValueSource(ints = {17, 25})
    void aDamagedArchiveIsNeverMappedAndIsMadeAgain(int jdk) throws Exception {
        Path archive = train(jdk);
        long size = Files.size(archive);
        Files.setPosixFilePermissions(archive, PosixFilePermissions.fromString("rw-------"));
        try (var channel = java.nio.channels.FileChannel.open(archive, java.nio.file.StandardOpenOption.WRITE)) {
            channel.truncate(100_000);
        }
        assertSilent(run(jdk, "--backgroundtask", "no_output"));
        await("the archive made again").atMost(BinScript.TRAINING).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                .until(() -> Files.exists(archive) && Files.size(archive) > 100_000);
        assertTrue(Files.size(archive) > size / 2, "a whole archive again");
        assertSilent(run(jdk, "--backgroundtask", "no_output"));
    }

    /**
     * Every process the script starts before the JVM costs milliseconds: with its archive there, it starts
     * `stat` and nothing else (each program it runs by name is logged by a wrapper first on PATH).
     */
    @ParameterizedTest
    @ValueSource(ints = {17, 25})
    void aRunWithItsArchiveStartsOnlyStatBeforeTheJvm(int jdk) throws Exception {
        train(jdk);
        Path log = tmp.resolve("programs.log");
        Path spies = spyOnPrograms(log, "stat", "readlink", "cksum", "mkdir", "setsid", "nohup", "flock", "sed", "env", "rm");
        BackgroundTaskResult r = script(jdk, "--backgroundtask", "no_output")
                .env("PATH", spies + ":" + System.getenv("PATH")).run();
        assertSilent(r);
        assertEquals(List.of("stat"), Files.readAllLines(log));
    }

    /** Writes a wrapper for each of {@code programs} that logs its name to {@code log} and runs the real one. */
    private Path spyOnPrograms(Path log, String... programs) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("spies"));
        for (String program : programs) {
            Path spy = dir.resolve(program);
            Files.writeString(spy, "#!/bin/sh\necho " + program + " >> '" + log + "'\nPATH='" + System.getenv("PATH")
                    + "' exec " + program + " \"$@\"\n");
            Files.setPosixFilePermissions(spy, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        Files.writeString(log, "");
        return dir;
    }

    /**
     * A run takes the archive whose key file holds its key: another archive of the same installation and
     * JDK beside it (another launcher.jar's, not dropped yet) changes nothing, and starts no training.
     */
    @Test
    void anotherArchiveOfTheSameInstallationBesideItChangesNothing() throws Exception {
        Path archive = train(17);
        Path key = Path.of(archive.toString().replaceAll("\\.jsa$", ".key"));
        List<String> lines = Files.readAllLines(key);
        String[] fields = lines.get(0).split("\\|");
        fields[3] = "1"; // another launcher.jar's size
        Files.writeString(cache.resolve("launcher-0-0.key"), String.join("|", fields) + "\n" + lines.get(1) + "\n");
        Files.copy(archive, cache.resolve("launcher-0-0.jsa"));
        Path log = tmp.resolve("programs.log");
        Path spies = spyOnPrograms(log, "stat", "readlink", "cksum", "mkdir", "setsid", "nohup", "flock", "sed", "env", "rm");
        assertSilent(script(17, "--backgroundtask", "no_output").env("PATH", spies + ":" + System.getenv("PATH")).run());
        assertEquals(List.of("stat"), Files.readAllLines(log));
        assertEquals(lines, Files.readAllLines(key));
    }

    @Test
    void aPlantedLinkOrALooseCacheDirectoryMeansNoArchiveAndNoWord() throws Exception {
        Path elsewhere = Files.createDirectories(tmp.resolve("elsewhere"));
        Files.createDirectories(cache.getParent());
        Files.createSymbolicLink(cache, elsewhere);
        assertSilent(run(17, "--backgroundtask", "no_output"));
        Files.delete(cache);
        Files.createDirectory(cache, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        Files.setPosixFilePermissions(cache, PosixFilePermissions.fromString("rwxrwxrwx"));
        assertSilent(run(17, "--backgroundtask", "no_output"));
        // a later run with a sound directory trains: so had the two above tried, something would be there by now
        Files.delete(cache);
        train(17);
        try (Stream<Path> s = Files.list(elsewhere)) {
            assertEquals(List.of(), s.toList(), "nothing written through the planted link");
        }
    }

    @Test
    void theTrainingRunHoldsNoneOfTheCallersStreams() throws Exception {
        BackgroundTaskResult r = run(17, "--backgroundtask", "success");
        assertEquals(0, r.exitCode(), r::toString);
        // whatever training process is still running has /dev/null on 0, 1 and 2 (the caller read to EOF above)
        List<String> training = new ArrayList<>();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path proc : procs.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                String cmdline;
                try {
                    cmdline = Files.readString(proc.resolve("cmdline")).replace('\0', ' ');
                } catch (IOException gone) {
                    continue;
                }
                if (cmdline.contains(cache.toString()) && cmdline.contains("training")) {
                    for (String fd : List.of("0", "1", "2")) {
                        try {
                            training.add(Files.readSymbolicLink(proc.resolve("fd").resolve(fd)).toString());
                        } catch (IOException gone) {
                            // ended meanwhile
                        }
                    }
                }
            }
        }
        assertFalse(training.stream().anyMatch(target -> !target.equals("/dev/null")), training::toString);
        awaitArchive(17, null);
    }
}
