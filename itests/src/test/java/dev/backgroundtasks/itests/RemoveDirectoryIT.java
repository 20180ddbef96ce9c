package dev.backgroundtasks.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The toolkit tasks removeDirectory and removeProfileFiles from a forked launcher: Firefox's cases of
 * {@code test_backgroundtask_removeDirectory.js} (reference section 13) and the rules beyond Firefox
 * (issue 5: no symbolic link followed, nothing outside PARENT), then removeProfileFiles (section 14).
 */
class RemoveDirectoryIT {
    private static final String REMOVE_DIRECTORY = "dev.backgroundtasks.task.removedirectory";
    private static final String REMOVE_PROFILE_FILES = "dev.backgroundtasks.task.removeprofilefiles";

    @TempDir
    static Path shared;
    private static Path installation;

    @TempDir
    Path tmp;
    private Path parent;
    private Path runtime;

    /**
     * The built installation once it ships the two tasks in toolkit/backgroundtasks/; until then a copy
     * of it with the freshly built bundles dropped there.
     */
    @BeforeAll
    static void installation() throws IOException {
        if (ships(REMOVE_DIRECTORY) && ships(REMOVE_PROFILE_FILES)) {
            installation = Installations.BUILT;
            return;
        }
        installation = Installations.copy(shared.resolve("installation"));
        Path copyToolkit = installation.resolve("toolkit/backgroundtasks");
        Installations.drop(Installations.fixture(REMOVE_DIRECTORY), copyToolkit, REMOVE_DIRECTORY + ".jar");
        Installations.drop(Installations.fixture(REMOVE_PROFILE_FILES), copyToolkit, REMOVE_PROFILE_FILES + ".jar");
    }

    private static boolean ships(String bundle) throws IOException {
        try (Stream<Path> s = Files.list(Installations.BUILT.resolve("toolkit/backgroundtasks"))) {
            return s.anyMatch(p -> p.getFileName().toString().startsWith(bundle) && p.toString().endsWith(".jar"));
        }
    }

    @BeforeEach
    void directories() throws IOException {
        parent = Files.createDirectories(tmp.resolve("parent"));
        runtime = tmp.resolve("runtime"); // created 0700 by the launcher
    }

    private Launch launch(String task, String... arguments) {
        List<String> all = new ArrayList<>(List.of("--backgroundtask", task));
        all.addAll(List.of(arguments));
        return Launch.in(installation).tmpdir(tmp).env("BACKGROUNDTASKS_RUNTIME_DIR", runtime.toString())
                .args(all.toArray(String[]::new));
    }

    /**
     * For the tests that start many launchers at once: JIT tier 1 and the serial collector give the same
     * behaviour for two thirds of the CPU, so that twenty JVMs fit the test budget on a small machine.
     * (The JVM notes the option on stderr, so only for tests that do not read stderr.)
     */
    private Launch lightLaunch(String task, String... arguments) {
        return launch(task, arguments).env("JDK_JAVA_OPTIONS", "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC")
                .timeout(Duration.ofSeconds(150));
    }

    private Launch.Result removeDirectory(String... arguments) {
        return launch("removeDirectory", arguments).run();
    }

    private Path tree(Path dir) throws IOException {
        Files.createDirectories(dir.resolve("sub/deeper"));
        Files.writeString(dir.resolve("sub/deeper/file"), "x");
        Files.writeString(dir.resolve("top"), "y");
        return dir;
    }

    private List<String> purgeLockFiles() throws IOException {
        if (!Files.isDirectory(runtime)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(runtime)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("removeDirectory-")).toList();
        }
    }

    private List<String> namesIn(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void aPresentChildIsRemovedAndTheParentKept() throws Exception {
        tree(parent.resolve("child"));
        Launch.Result r = removeDirectory("--attach-console", parent.toString(), "child", "5");
        assertEquals(0, r.exitCode(), r::toString);
        assertFalse(Files.exists(parent.resolve("child")), r::toString);
        assertTrue(Files.isDirectory(parent));
        assertTrue(r.out().contains("removed " + parent.toRealPath().resolve("child") + " (5 entries)"), r::toString);
        assertEquals(List.of(), purgeLockFiles(), "the lock file is removed");
    }

    @Test
    void aChildCreatedAfterTheStartIsWaitedForAndRemoved() throws Exception {
        Watched w = Watched.start(launch("removeDirectory", "--attach-console", parent.toString(), "late", "30"));
        w.awaitStderr("waiting for");
        // built aside and moved in at once: the task may start removing the moment the name appears
        Path staging = tree(Files.createDirectories(parent.getParent().resolve("staging-late")));
        Files.move(staging, parent.resolve("late"), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        assertEquals(0, w.exitCode(), w::toString);
        assertFalse(Files.exists(parent.resolve("late")), w::toString);
    }

    @Test
    void aChildWithSpacesIsRemovedAndNothingPrintedWithoutAttachConsole() throws Exception {
        tree(parent.resolve("a child with spaces"));
        Launch.Result r = removeDirectory(parent.toString(), "a child with spaces", "5");
        assertEquals(0, r.exitCode(), r::toString);
        assertFalse(Files.exists(parent.resolve("a child with spaces")));
        assertEquals("", r.out() + r.err(), "a no-output task: " + r);
    }

    @Test
    void aChildThatNeverAppearsEndsWithZeroAfterAboutSecondsPlusOne() throws Exception {
        Launch.Result r = removeDirectory("--attach-console", parent.toString(), "never", "1");
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.err().contains("couldn't find"), r::toString);
        assertTrue(r.wall().compareTo(Duration.ofMillis(1900)) >= 0, r::toString);
        assertTrue(r.wall().compareTo(Duration.ofSeconds(45)) < 0, r::toString);
        assertEquals(List.of(), namesIn(parent));
        assertEquals(List.of(), purgeLockFiles());
    }

    @Test
    void aChildThatIsAFileEndsWithThreeAndStays() throws Exception {
        Files.writeString(parent.resolve("child"), "a file");
        Launch.Result r = removeDirectory("--attach-console", parent.toString(), "child", "1");
        assertEquals(3, r.exitCode(), r::toString);
        assertEquals("a file", Files.readString(parent.resolve("child")));
        assertTrue(r.err().contains("is not a directory"), r::toString);
    }

    @Test
    void theSuffixRemovesOtherDirectoriesWithItButNoFile() throws Exception {
        tree(parent.resolve("child"));
        tree(parent.resolve("one.abc"));
        tree(parent.resolve("two.abc"));
        tree(parent.resolve("keep.xyz"));
        Files.writeString(parent.resolve("file.abc"), "a file");
        Launch.Result r = removeDirectory(parent.toString(), "child", "1", ".abc");
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals(List.of("file.abc", "keep.xyz"), namesIn(parent));
        assertEquals("a file", Files.readString(parent.resolve("file.abc")));
        assertEquals(List.of(), purgeLockFiles());
    }

    @Test
    void starRemovesEveryDirectoryOfTheParentButNoFile() throws Exception {
        tree(parent.resolve("a"));
        tree(parent.resolve("b.c"));
        Files.writeString(parent.resolve("file"), "x");
        Launch.Result r = removeDirectory(parent.toString(), "absent", "0", "*");
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals(List.of("file"), namesIn(parent));
        assertTrue(Files.isDirectory(parent));
    }

    @Test
    void twentyConcurrentInstancesOnDifferentChildrenRemoveThemAll() throws Exception {
        List<CompletableFuture<Launch.Result>> runs = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            tree(parent.resolve("child" + i));
            Launch l = lightLaunch("removeDirectory", parent.toString(), "child" + i, "5");
            runs.add(CompletableFuture.supplyAsync(l::run, runner()));
        }
        for (CompletableFuture<Launch.Result> run : runs) {
            Launch.Result r = run.get(180, TimeUnit.SECONDS);
            assertEquals(0, r.exitCode(), r::toString);
        }
        assertEquals(List.of(), namesIn(parent));
        assertEquals(List.of(), purgeLockFiles());
    }

    @Test
    void ofTwoInstancesOnTheSameChildOnePurgesAndTheOtherSkips() throws Exception {
        Watched first = Watched.start(launch("removeDirectory", "--attach-console", parent.toString(), "child", "30"));
        first.awaitStderr("waiting for"); // it holds the child's lock and waits for the child
        Launch.Result second = removeDirectory("--attach-console", parent.toString(), "child", "30");
        assertEquals(0, second.exitCode(), second::toString);
        assertTrue(second.err().contains("another instance is already purging"), second::toString);
        assertFalse(second.out().contains("removed"), second::toString);
        tree(parent.resolve("child"));
        assertEquals(0, first.exitCode(), first::toString);
        assertTrue(first.stdout().contains("removed " + parent.toRealPath().resolve("child")), first::toString);
        assertFalse(Files.exists(parent.resolve("child")));
        assertEquals(List.of(), purgeLockFiles());
    }

    @Test
    void badArgumentsEndWithThreeAndRemoveNothing() throws Exception {
        tree(parent.resolve("child"));
        String p = parent.toString();
        List<List<String>> cases = List.of(List.of(), List.of(p), List.of(p, "child"),
                List.of(p, "child", "1", ".abc", "extra"), List.of(p, "child", "1", "--test-sleep"),
                List.of(p, "../parent", "1"));
        List<CompletableFuture<Launch.Result>> runs = new ArrayList<>();
        for (List<String> arguments : cases) {
            Launch l = lightLaunch("removeDirectory", arguments.toArray(String[]::new));
            runs.add(CompletableFuture.supplyAsync(l::run, runner()));
        }
        for (int i = 0; i < cases.size(); i++) {
            List<String> arguments = cases.get(i);
            Launch.Result r = runs.get(i).get(180, TimeUnit.SECONDS);
            assertEquals(3, r.exitCode(), () -> arguments + ": " + r);
        }
        assertTrue(Files.exists(parent.resolve("child/sub/deeper/file")));
        assertTrue(Files.isDirectory(tmp.resolve("parent")));
    }

    @Test
    void aLinkInsideTheChildToADirectoryOutsideTheParentIsRemovedAndItsTargetKept() throws Exception {
        Path outside = Files.createDirectories(tmp.resolve("outside/data"));
        Files.writeString(outside.resolve("precious"), "keep");
        Path child = tree(parent.resolve("child"));
        Files.createSymbolicLink(child.resolve("sub/escape"), outside.getParent());
        Files.createSymbolicLink(child.resolve("file-link"), outside.resolve("precious"));
        Launch.Result r = removeDirectory(parent.toString(), "child", "1");
        assertEquals(0, r.exitCode(), r::toString);
        assertFalse(Files.exists(child, LinkOption.NOFOLLOW_LINKS));
        assertEquals("keep", Files.readString(outside.resolve("precious")));
    }

    @Test
    void removeProfileFilesRemovesAnUnlockedProfileAndItsLocalDirectory() throws Exception {
        Path root = tree(tmp.resolve("profiles/p.default"));
        Path local = tree(tmp.resolve("cache/p.default"));
        Launch.Result r = launch("removeProfileFiles", root.toString(), local.toString(), "5").run();
        assertEquals(0, r.exitCode(), r::toString);
        assertFalse(Files.exists(root));
        assertFalse(Files.exists(local));
        assertTrue(Files.isDirectory(tmp.resolve("profiles")));
    }

    @Test
    void removeProfileFilesLeavesAProfileLockedPastTheTimeoutAndEndsWithThree() throws Exception {
        Path root = tree(tmp.resolve("profiles/p.default"));
        Path local = tree(tmp.resolve("cache/p.default"));
        try (FileChannel channel = FileChannel.open(root.resolve(".parentlock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE); FileLock lock = channel.lock()) {
            Launch.Result r = launch("removeProfileFiles", "--attach-console", root.toString(), local.toString(), "1").run();
            assertEquals(3, r.exitCode(), r::toString);
            assertTrue(r.err().contains("Failed to remove profile directories"), r::toString);
            assertTrue(r.err().contains("still locked"), r::toString);
            assertTrue(r.wall().compareTo(Duration.ofMillis(900)) >= 0, r::toString);
        }
        assertTrue(Files.exists(root.resolve("sub/deeper/file")));
        assertTrue(Files.exists(root.resolve("top")));
        assertTrue(Files.exists(local.resolve("sub/deeper/file")));
    }

    private static java.util.concurrent.Executor runner() {
        return r -> {
            Thread t = new Thread(r, "launch");
            t.setDaemon(true);
            t.start();
        };
    }

    /** A launch whose stderr is read as it comes, to act when the task has reached a point. */
    private static final class Watched {
        private final Process process;
        private final List<String> out = Collections.synchronizedList(new ArrayList<>());
        private final List<String> err = Collections.synchronizedList(new ArrayList<>());
        private final List<Thread> pumps = new ArrayList<>();

        private Watched(Process process) {
            this.process = process;
            pumps.add(pump(new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)), out));
            pumps.add(pump(new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8)), err));
        }

        static Watched start(Launch launch) {
            return new Watched(launch.start());
        }

        private static Thread pump(BufferedReader reader, List<String> lines) {
            Thread t = new Thread(() -> {
                try (reader) {
                    String line;
                    while ((line = reader.readLine()) != null) {
                        synchronized (lines) {
                            lines.add(line);
                            lines.notifyAll();
                        }
                    }
                } catch (IOException e) {
                    // the process ended
                }
            }, "watched-output");
            t.setDaemon(true);
            t.start();
            return t;
        }

        void awaitStderr(String text) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            synchronized (err) {
                while (err.stream().noneMatch(l -> l.contains(text))) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0 || !process.isAlive() && err.stream().noneMatch(l -> l.contains(text))) {
                        if (left <= 0) {
                            process.destroyForcibly();
                        }
                        throw new AssertionError("no '" + text + "' on stderr: " + this);
                    }
                    err.wait(Math.min(200, TimeUnit.NANOSECONDS.toMillis(left) + 1));
                }
            }
        }

        int exitCode() throws InterruptedException {
            if (!process.waitFor(90, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("the launcher did not exit: " + this);
            }
            for (Thread pump : pumps) {
                pump.join(10_000); // the last lines
            }
            return process.exitValue();
        }

        String stdout() {
            synchronized (out) {
                return String.join("\n", out);
            }
        }

        @Override
        public String toString() {
            synchronized (err) {
                return "stdout:\n" + stdout() + "\nstderr:\n" + String.join("\n", err);
            }
        }
    }
}
