package dev.backgroundtasks.itests;

import static dev.backgroundtasks.testing.BackgroundTaskResult.ephemeralProfilesIn;
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
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.backgroundtasks.testing.BackgroundTaskResult;
import dev.backgroundtasks.testing.BackgroundTaskRun;
import dev.backgroundtasks.testing.RunningTask;

/**
 * The warm host (README "Warm host"): a run handed to a pre-warmed one-shot host JVM prints, exits and
 * cleans up as the same run cold; signals, System.exit, timeouts and hangs end it with the cold codes;
 * the host declines what it must not run, serves only its own user, and exits when idle or when its
 * installation changes or goes. Each test has its own installation (its hosts exit when it is removed).
 */
@EnabledOnOs(OS.LINUX)
class WarmHostIT extends InstallationPerTest {
    private static final Duration WARM = Duration.ofSeconds(120);
    private static final Duration HOST_BOUND = Duration.ofSeconds(30);

    @BeforeEach
    void always() {
        inst.env("BACKGROUNDTASKS_WARM_HOST", "always");
        inst.env("BACKGROUNDTASKS_WARM_HOST_IDLE_SEC", "120");
    }

    @AfterEach
    void noHostOutlivesItsInstallation() throws IOException {
        Path root = inst.path();
        Fixtures.delete(root); // the installation is gone: its hosts exit within their 2 s check
        await("the hosts of a removed installation exit").atMost(HOST_BOUND).until(() -> hosts().isEmpty());
    }

    @Test
    void aWarmRunPrintsAndExitsAsTheSameRunCold() {
        BackgroundTaskResult cold = inst.task("print_args").args("a b", "ü").warmable().run();
        assertFalse(lastRecord("print_args").contains("\"warm\":true"), lastRecord("print_args"));
        BackgroundTaskResult warm = inst.task("print_args").args("a b", "ü").warmable().runUntilWarm(WARM);
        assertEquals(cold.exitCode(), warm.exitCode(), warm::toString);
        assertEquals(List.of("arg[0]=a b", "arg[1]=ü"), warm.stdout(), warm::toString);
        assertEquals(cold.stdout(), warm.stdout());
        assertEquals(cold.stderr(), warm.stderr());
        assertEquals(List.of(), warm.ephemeralProfiles(), "profile removed");
        assertTrue(lastRecord("print_args").contains("\"warm\":true"), lastRecord("print_args"));
    }

    @Test
    void aNoOutputTaskIsSilentWarm() {
        BackgroundTaskResult r = inst.task("no_output").warmable().runUntilWarm(WARM);
        r.assertExitCode(0);
        assertEquals("", r.stdoutText(), r::toString);
        assertEquals("", r.stderrText(), r::toString);
    }

    @Test
    void systemExitEndsTheWarmRunWithItsCode() {
        warmUp();
        awaitSocket();
        await("one idle host").atMost(HOST_BOUND).until(() -> hosts().size() == 1);
        List<Long> idle = hosts();
        // System.exit leaves no history record, cold or warm: the idle host serving it and ending says warm
        BackgroundTaskResult r = inst.task("system_exit").args("7").warmable().run();
        assertEquals(7, r.exitCode(), r::toString);
        assertEquals(List.of(), r.ephemeralProfiles(), "profile removed by the shutdown hook");
        // (an ended host may wait a moment to be reaped: its command line is gone at once)
        await("the host served it and ended").atMost(HOST_BOUND).until(() -> !hosts().contains(idle.get(0)));
    }

    /** From JDK 24 there is no SecurityManager: the host hears System.exit through the JDK's Runtime.exit log record. */
    @Test
    void onJdk25SystemExitEndsTheWarmRunWithItsCode() {
        Path java25 = java25();
        BackgroundTaskResult warm = inst.task("print_args").args("25").java(java25).warmable().runUntilWarm(WARM);
        assertEquals(List.of("arg[0]=25"), warm.stdout(), warm::toString);
        awaitSocket();
        await("one idle host").atMost(HOST_BOUND).until(() -> hosts().size() == 1);
        List<Long> idle = hosts();
        BackgroundTaskResult r = inst.task("system_exit").args("9").java(java25).warmable().run();
        assertEquals(9, r.exitCode(), r::toString);
        assertEquals(List.of(), r.ephemeralProfiles(), "profile removed by the shutdown hook");
        await("the host served it and ended").atMost(HOST_BOUND).until(() -> !hosts().contains(idle.get(0)));
    }

    @Test
    void aTimeoutEndsTheWarmRunWithFour() {
        BackgroundTaskResult r = inst.task("timeout").warmable().runUntilWarm(WARM);
        assertEquals(4, r.exitCode(), r::toString);
        assertEquals(List.of(), r.ephemeralProfiles(), "profile removed");
    }

    @Test
    void aHangingTaskEndsWarmWithTheWatchdogsCode() {
        BackgroundTaskResult r = inst.task("hang").pref("toolkit.backgroundtasks.shutdownTimeoutSec", 2)
                .timeout(Duration.ofSeconds(60)).warmable().runUntilWarm(WARM);
        assertEquals(4, r.exitCode(), r::toString);
    }

    @ParameterizedTest
    @CsvSource({"TERM,143", "INT,130", "HUP,129"})
    void aSignalToTheClientCancelsTheWarmRunInOrder(String signal, int expected) throws Exception {
        warmUp();
        awaitSocket();
        Path record = inst.path().resolveSibling(inst.path().getFileName() + "-record-" + signal);
        try (RunningTask task = inst.task("wait").args("120", record.toString()).warmable().start()) {
            await("the task's run").atMost(Duration.ofSeconds(60))
                    .until(() -> Files.exists(record) && Files.readAllLines(record).contains("run started"));
            BackgroundTaskResult r = task.signal(signal).await(Duration.ofSeconds(60));
            assertEquals(expected, r.exitCode(), r::toString);
            assertEquals(0, ephemeralProfilesIn(r.tmpdir()).size(), "profile removed");
            assertEquals(List.of("run started", "blocker called, loop open",
                    "bundle stopping, loop closed, profile present", "exit, profile removed"),
                    Files.readAllLines(record), r::toString);
            assertTrue(lastRecord("wait").contains("\"warm\":true"), lastRecord("wait"));
        } finally {
            Files.deleteIfExists(record);
        }
    }

    /**
     * The client ends only after the host's exit ran a task's own shutdown hook, as a cold run's JVM would
     * (the host ends a client's wait early only when the run left no hook of its own): on JDK 17, where the
     * host's SecurityManager sees hooks added, and on JDK 25, where its agent reads them.
     */
    @ParameterizedTest
    @CsvSource({"17", "25"})
    void theClientEndsOnlyOnceTheTasksShutdownHookRan(int jdk) throws IOException {
        Path java = jdk == 25 ? java25() : Path.of(System.getProperty("java.home"), "bin", "java");
        BackgroundTaskResult warm = inst.task("success").java(java).warmable().runUntilWarm(WARM);
        warm.assertExitCode(0);
        awaitSocket();
        Path record = inst.path().resolveSibling(inst.path().getFileName() + "-record-hook");
        try {
            BackgroundTaskResult r = inst.task("wait").args("0", record.toString()).java(java).warmable().run();
            r.assertExitCode(0);
            assertEquals(List.of("run started", "blocker called, loop open", "bundle stopping, loop closed, profile present",
                    "exit, profile removed"), Files.readAllLines(record), r::toString);
            assertTrue(lastRecord("wait").contains("\"warm\":true"), lastRecord("wait"));
        } finally {
            Files.deleteIfExists(record);
        }
    }

    private static Path java25() {
        Path java25 = Path.of(System.getProperty("backgroundtasks.java25", "/usr/lib/jvm/temurin-25-jdk-amd64/bin/java"));
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(java25), "no JDK 25 at " + java25);
        return java25;
    }

    @Test
    void tenConcurrentRunsAllEndRightWhateverPathEachTakes() {
        warmUp();
        awaitSocket();
        int before = inst.historyLines().size();
        List<RunningTask> runs = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            runs.add(inst.task("print_args").args("run " + i).warmable().start());
        }
        for (int i = 0; i < 10; i++) {
            try (RunningTask t = runs.get(i)) {
                BackgroundTaskResult r = t.await();
                r.assertExitCode(0);
                assertEquals(List.of("arg[0]=run " + i), r.stdout(), r::toString);
            }
        }
        List<String> records = inst.historyLines().subList(before, inst.historyLines().size());
        assertEquals(10, records.size(), records::toString);
        long warm = records.stream().filter(l -> l.contains("\"warm\":true")).count();
        assertTrue(warm >= 1, records::toString);
    }

    @Test
    void offInTheEnvironmentNeverStartsOrUsesAHost() {
        inst.env("BACKGROUNDTASKS_WARM_HOST", "off");
        for (int i = 0; i < 3; i++) {
            inst.task("print_args").warmable().run().assertExitCode(0);
        }
        assertTrue(hosts().isEmpty(), hosts()::toString);
        assertTrue(inst.historyLines().stream().noneMatch(l -> l.contains("\"warm\":true")));
    }

    @Test
    void thePreferenceOffMakesTheHostDecline() {
        warmUp();
        awaitSocket();
        BackgroundTaskResult r = inst.task("print_args").args("x").pref("toolkit.backgroundtasks.warmHost", "off")
                .warmable().run();
        assertEquals(List.of("arg[0]=x"), r.stdout(), r::toString);
        assertTrue(lastRecord("print_args").contains("\"warm\":false"), lastRecord("print_args"));
        assertTrue(socketExists(), "the host declined and still listens");
    }

    @Test
    void underAutoATaskWithoutWarmHostIsDeclined() throws IOException {
        inst.env("BACKGROUNDTASKS_WARM_HOST", null);
        Path optedIn = printArgsWithWarmHost();
        assertTrue(Files.isRegularFile(optedIn));
        inst.task("print_args").warmable().runUntilWarm(WARM);
        awaitSocket();
        BackgroundTaskResult r = inst.task("success").warmable().run();
        r.assertExitCode(0);
        assertTrue(lastRecord("success").contains("\"warm\":false"), lastRecord("success"));
        assertTrue(socketExists(), "the host declined and still listens");
    }

    @Test
    void aPeerOfAnotherUserIsRefusedAndTheHostServesOn() throws Exception {
        warmUp();
        awaitSocket();
        Path socket = socket();
        // a well-formed request with an empty environment: the host's own user gets DECLINE ('D')
        assertEquals("b'D\\x00\\x00\\x00\\x00'", askHost(socket, List.of()), "the host answers its own user");
        // nobody reaches the same socket through a hard link in an open folder (the runtime directory's
        // 0700 keeps everyone out otherwise), so that only SO_PEERCRED stands between another user and the host
        Path open = Files.createTempDirectory("warm-peer-");
        String mode = java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(socket));
        try {
            Files.setPosixFilePermissions(open, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
            Path link = Files.createLink(open.resolve("host.sock"), socket);
            Files.setPosixFilePermissions(socket, java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
            assertEquals("closed", askHost(link, List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups")),
                    "closed without a word to another user");
        } finally {
            Files.setPosixFilePermissions(socket, java.nio.file.attribute.PosixFilePermissions.fromString(mode));
            Fixtures.delete(open);
        }
        assertTrue(socketExists(), "the host still listens");
        inst.task("print_args").warmable().runUntilWarm(WARM).assertExitCode(0);
    }

    /** Connects as {@code asUser} (a command prefix), sends a request with an empty environment, returns the first reply bytes. */
    private static String askHost(Path socket, List<String> asUser) throws Exception {
        String script = "import socket,struct,sys\n"
                + "parts=[b'1',b'/',b'0']\n"
                + "body=struct.pack('>i',len(parts))+b''.join(struct.pack('>i',len(p))+p for p in parts)\n"
                + "s=socket.socket(socket.AF_UNIX)\n"
                + "s.settimeout(20)\n"
                + "s.connect(sys.argv[1])\n"
                + "try:\n"
                + "    s.sendall(b'Q'+struct.pack('>i',len(body))+body)\n"
                + "    r=s.recv(5)\n"
                + "except (BrokenPipeError, ConnectionResetError):\n"
                + "    r=b''\n"
                + "print(repr(r) if r else 'closed')\n";
        List<String> command = new ArrayList<>(asUser);
        command.addAll(List.of("/usr/bin/python3", "-c", script, socket.toString()));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).strip();
        assertTrue(p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS), "python ended");
        return out;
    }

    /**
     * Each host prepares the framework of the run its predecessor served: the same run again adopts it; once
     * the task's jar changed, the run makes its own framework and runs the new classes, never the old ones.
     */
    @Test
    void theSameRunAgainAdoptsThePreparedFrameworkAndAChangedJarIsNeverRunStale(@TempDir Path dir) throws IOException {
        Path graph = dir.resolve("graph.json");
        inst.env("BACKGROUNDTASKS_GRAPH_FILE", graph.toString());
        inst.task("no_output").attachConsole().warmable().runUntilWarm(WARM).assertExitCode(0);
        awaitSocket();
        BackgroundTaskResult adopted = inst.task("no_output").attachConsole().warmable().run();
        assertEquals(List.of("no_output: a line on stdout"), adopted.stdout(), adopted::toString);
        assertTrue(lastRecord("no_output").contains("\"warm\":true"), lastRecord("no_output"));
        assertTrue(Files.readString(graph).contains("\"preparedFramework\": true"), Files.readString(graph));

        awaitSocket(); // its successor prepared the same run: then the task's bundle changes
        Fixtures.patchClasses(Fixtures.testingTask(inst, "no_output"), "no_output: a line on stdout",
                "no_output: a edit on stdout");
        BackgroundTaskResult changed = inst.task("no_output").attachConsole().warmable().run();
        assertEquals(List.of("no_output: a edit on stdout"), changed.stdout(), changed::toString);
        assertTrue(lastRecord("no_output").contains("\"warm\":true"), lastRecord("no_output"));
        assertTrue(Files.readString(graph).contains("\"preparedFramework\": false"), Files.readString(graph));
    }

    /**
     * A user other than root is served warm by a host of its own: client and host know their user by the
     * owner of {@code /proc/<pid>} (the link {@code /proc/self} is root's, which once refused every other user).
     */
    @Test
    void aUserOtherThanRootIsServedWarm(@TempDir Path dir) throws IOException {
        OtherUsers.assumeRoot();
        Path shared = OtherUsers.shared(dir);
        // the kit's installation folder is private to root: nobody reads launcher.jar through it
        Files.setPosixFilePermissions(inst.path().getParent(), PosixFilePermissions.fromString("rwxr-xr-x"));
        String java = OtherUsers.quote(Path.of(System.getProperty("java.home"), "bin", "java"));
        String run = java + " -jar " + OtherUsers.quote(inst.launcherJar())
                + " --backgroundtask success --pref toolkit.backgroundtasks.defaultMinTaskRuntimeMS=0 || exit 1";
        // each cold run starts a host of nobody's key; bounded: 60 runs, until one is recorded warm
        OtherUsers.asNobody("export TMPDIR=" + OtherUsers.quote(shared) + " BACKGROUNDTASKS_TESTING_DIR="
                + OtherUsers.quote(inst.testingTasks()) + " BACKGROUNDTASKS_RUNTIME_DIR="
                + OtherUsers.quote(shared.resolve("runtime")) + " BACKGROUNDTASKS_DATA_DIR=" + OtherUsers.quote(shared.resolve("data"))
                + " BACKGROUNDTASKS_WARM_HOST=always BACKGROUNDTASKS_WARM_HOST_IDLE_SEC=60; cd " + OtherUsers.quote(shared)
                + "; for i in $(seq 60); do " + run + "; grep -q '\"warm\":true' " + OtherUsers.quote(shared.resolve("data"))
                + "/*/history.jsonl && exit 0; done; exit 3");
    }

    /** A host ended by SIGTERM during its warm-up leaves no throwaway framework storage behind. */
    @Test
    void aHostEndedDuringItsWarmUpLeavesNothingBehind(@TempDir Path tmpdir) throws Exception {
        inst.task("success").jvmOptions("-Djava.io.tmpdir=" + tmpdir).warmable().run().assertExitCode(0);
        await("a host warming up").atMost(HOST_BOUND).pollInterval(Duration.ofMillis(10))
                .until(() -> warmUpFolders(tmpdir).size() > 0);
        for (long pid : hosts()) {
            new ProcessBuilder("kill", "-TERM", Long.toString(pid)).start().waitFor();
        }
        await("the host ends").atMost(HOST_BOUND).until(() -> hosts().isEmpty());
        assertEquals(List.of(), warmUpFolders(tmpdir));
    }

    /**
     * The host's rehearsal runs the platform's own task on throwaway folders: the user's run history never
     * records it, its folder is gone once the host listens, and the run served after it is warm and right.
     */
    @Test
    void theRehearsalLeavesNoTraceAndTheRunAfterItIsWarm(@TempDir Path tmpdir) throws IOException {
        inst.task("success").jvmOptions("-Djava.io.tmpdir=" + tmpdir).warmable().runUntilWarm(WARM).assertExitCode(0);
        awaitSocket();
        assertEquals(List.of(), warmUpFolders(tmpdir));
        BackgroundTaskResult r = inst.task("success").jvmOptions("-Djava.io.tmpdir=" + tmpdir).warmable().run();
        r.assertExitCode(0);
        assertEquals("", r.stdoutText(), r::toString);
        assertTrue(lastRecord("success").contains("\"warm\":true"), lastRecord("success"));
        assertFalse(String.join("\n", inst.historyLines()).contains("backgroundtasks-warm-up"), inst.historyLines()::toString);
    }

    /**
     * An idle host keeps no thread of its warm-up rounds or rehearsals: of the platform's own threads only its
     * watch is left (a rehearsal's watchdog and stderr writer once stayed for the host's life).
     */
    @Test
    void anIdleHostKeepsNoThreadOfItsRehearsals() {
        warmUp();
        awaitSocket();
        await("one idle host").atMost(HOST_BOUND).until(() -> hosts().size() == 1);
        long pid = hosts().get(0);
        await("the platform's threads of the idle host: its watch only").atMost(HOST_BOUND)
                .until(() -> platformThreads(pid), n -> n == 1);
    }

    /** Threads named backgroundtasks-* (the kernel keeps the first 15 characters of a thread's name). */
    private static long platformThreads(long pid) throws IOException {
        try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            return tasks.filter(t -> {
                try {
                    return Files.readString(t.resolve("comm")).strip().equals("backgroundtasks");
                } catch (IOException gone) {
                    return false;
                }
            }).count();
        }
    }

    private static List<Path> warmUpFolders(Path tmpdir) throws IOException {
        try (Stream<Path> files = Files.list(tmpdir)) {
            return files.filter(f -> f.getFileName().toString().startsWith("backgroundtasks-warmup-")
                    || f.getFileName().toString().startsWith("backgroundtasks-rehearsal-")).toList();
        }
    }

    @Test
    void anIdleHostExitsAfterItsBound() {
        inst.env("BACKGROUNDTASKS_WARM_HOST_IDLE_SEC", "3");
        inst.task("success").warmable().run().assertExitCode(0);
        await("a host starts").atMost(HOST_BOUND).until(() -> hosts().size() == 1);
        await("the idle host exits").atMost(HOST_BOUND).until(() -> hosts().isEmpty() && !socketExists());
    }

    @Test
    void aReplacedLauncherJarEndsTheIdleHost() throws IOException {
        warmUp();
        awaitSocket();
        Files.setLastModifiedTime(inst.launcherJar(), FileTime.from(Instant.now().plusSeconds(5)));
        await("the host exits").atMost(HOST_BOUND).until(() -> hosts().isEmpty() && !socketExists());
    }

    @Test
    void theSuccessorIsStartedAndOnlyOneHostIdlesPerKey() {
        warmUp();
        awaitSocket();
        for (int i = 0; i < 3; i++) {
            inst.task("success").warmable().runUntilWarm(WARM).assertExitCode(0);
            awaitSocket();
            // a duplicate started by a racing cold run finds the lock held and exits at once
            await("one host per key").atMost(HOST_BOUND).until(() -> hosts().size() == 1);
        }
        // one more run while a host idles: the host that serves it may still be ending when its client returns
        // (on JDK 17-23 a run that left no hook of its own does not wait for that), then only its successor idles
        inst.task("success").warmable().env("BACKGROUNDTASKS_WARM_HOST", "always").run().assertExitCode(0);
        await("one host per key").atMost(HOST_BOUND).until(() -> hosts().size() == 1);
    }

    /** Runs until a run went warm: a host of the warmable key serves from then on (its successor, next). */
    private void warmUp() {
        inst.task("success").warmable().runUntilWarm(WARM).assertExitCode(0);
    }

    private void awaitSocket() {
        await("a warm host listens").atMost(HOST_BOUND).until(this::socketExists);
    }

    private boolean socketExists() {
        return socketOrNull() != null;
    }

    private Path socket() {
        return socketOrNull();
    }

    private Path socketOrNull() {
        Path warm = inst.runtimeDirectory().resolve("warm");
        if (!Files.isDirectory(warm)) {
            return null;
        }
        try (Stream<Path> files = Files.list(warm)) {
            return files.filter(f -> f.toString().endsWith(".sock")).findFirst().orElse(null);
        } catch (IOException e) {
            return null;
        }
    }

    /** The warm hosts of this installation: processes whose command line runs the host class on its launcher.jar. */
    private List<Long> hosts() {
        String jar = inst.launcherJar().toString();
        return ProcessHandle.allProcesses().filter(p -> p.info().commandLine()
                .map(c -> c.contains("internal.warm.WarmHost") && c.contains(jar)).orElse(false))
                .map(ProcessHandle::pid).toList();
    }

    private String lastRecord(String task) {
        List<String> lines = inst.historyLines();
        for (int i = lines.size() - 1; i >= 0; i--) {
            if (lines.get(i).contains("\"task\":\"" + task + "\"")) {
                return lines.get(i);
            }
        }
        return "(no record of " + task + ")";
    }

    /** The testing jar that declares print_args, copied into app/ with print_args opted in to the warm host. */
    private Path printArgsWithWarmHost() throws IOException {
        Path source;
        try (Stream<Path> jars = Files.list(inst.testingTasks())) {
            source = jars.filter(j -> {
                String caps = Fixtures.mainAttribute(j, "Provide-Capability");
                return caps != null && caps.contains("dev.backgroundtasks.task=print_args;");
            }).findFirst().orElseThrow();
        }
        String caps = Fixtures.mainAttribute(source, "Provide-Capability");
        int start = caps.indexOf("dev.backgroundtasks.task=print_args;");
        int end = caps.indexOf(",dev.backgroundtasks.task;", start);
        String clause = caps.substring(start, end < 0 ? caps.length() : end);
        String optedIn = clause.contains("warmHost=false") ? clause.replace("warmHost=false", "warmHost=true")
                : clause + ";warmHost=true";
        caps = caps.substring(0, start) + optedIn + caps.substring(start + clause.length());
        // a bundle of its own (another symbolic name), so that it and the testing jar it shadows never meet
        return Fixtures.withManifest(source, app.resolve("warm-" + source.getFileName()), "Provide-Capability", caps,
                "Bundle-SymbolicName", "dev.backgroundtasks.itests.warm.printargs");
    }
}
