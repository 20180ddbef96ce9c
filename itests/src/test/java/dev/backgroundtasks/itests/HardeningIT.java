package dev.backgroundtasks.itests;

import static dev.backgroundtasks.itests.OtherUsers.asNobody;
import static dev.backgroundtasks.itests.OtherUsers.assumeRoot;
import static dev.backgroundtasks.itests.OtherUsers.quote;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12, docs/reliability.md: another user, planted links, squatted names and stuck pipes never
 * make a run touch what it should not, hang, or fail. Rule numbers are those of docs/reliability.md.
 */
class HardeningIT {
    @TempDir
    Path tmp;

    private Launch launch() {
        return Launch.in(Installations.BUILT).env("BACKGROUNDTASKS_RUNTIME_DIR", tmp.resolve("runtime").toString());
    }

    private Path victim() throws IOException {
        Path victim = Files.createDirectories(tmp.resolve("victim"));
        Files.writeString(victim.resolve("keep"), "precious");
        return victim;
    }

    /** Rule 1: the stale purge leaves another user's directory alone, silently, and never follows its links. */
    @Test
    void stalePurgeLeavesAnotherUsersProfileAlone() throws Exception {
        assumeRoot();
        Path shared = OtherUsers.shared(tmp);
        Path victim = victim();
        Path planted = shared.resolve(ProfilesIT.prefix(Installations.BUILT, "success"));
        asNobody("mkdir " + quote(planted) + " && ln -s " + quote(victim) + " " + quote(planted.resolve("link"))
                + " && touch -d 2000-01-01 " + quote(planted));
        Launch.Result r = launch().tmpdir(shared).env("BACKGROUNDTASKS_PURGE_STALE_PROFILES", "always")
                .args("--backgroundtask", "success").run();
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(Files.isSymbolicLink(planted.resolve("link")), "another user's profile is not removed: " + r);
        assertFalse(Files.exists(planted.resolve(".parentlock")), "nothing is created in it");
        assertTrue(Files.exists(victim.resolve("keep")));
        assertFalse(r.err().contains("warning"), r::toString);
    }

    /** Rule 2: a lock file planted as a link is refused with one line; its target is never created. */
    @Test
    void plantedProfileLockLinkIsRefused() throws Exception {
        Path profile = Files.createDirectories(tmp.resolve("profile"));
        Path target = tmp.resolve("created-through-the-link");
        Files.createSymbolicLink(profile.resolve(".parentlock"), target);
        Launch.Result r = launch().tmpdir(tmp).args("--profile", profile.toString(), "--backgroundtask", "success").run();
        assertEquals(1, r.exitCode(), r::toString);
        assertTrue(r.err().contains(".parentlock") && r.err().contains("symbolic link"), r::toString);
        assertFalse(Files.exists(target, java.nio.file.LinkOption.NOFOLLOW_LINKS), "never created through the link");
    }

    /** Rule 2: the same for the installation lock in the runtime directory. */
    @Test
    void plantedInstallationLockLinkIsRefused() throws Exception {
        Path runtime = Files.createDirectories(tmp.resolve("runtime"));
        Path target = tmp.resolve("created-through-the-link");
        Files.createSymbolicLink(runtime.resolve("installation.lock"), target);
        Launch.Result r = launch().tmpdir(tmp).args("--backgroundtask", "success").run();
        assertEquals(1, r.exitCode(), r::toString);
        assertTrue(r.err().contains("installation.lock") && r.err().contains("symbolic link"), r::toString);
        assertFalse(Files.exists(target), "never created through the link");
    }

    /** Rule 3: an explicit profile with planted links loses nothing outside it. */
    @Test
    void explicitProfileWithPlantedLinksLosesNothingOutside() throws Exception {
        Path victim = victim();
        Path secret = Files.writeString(tmp.resolve("secret"), "do not truncate");
        Path profile = Files.createDirectories(tmp.resolve("profile"));
        Files.createSymbolicLink(profile.resolve("framework"), victim);
        Files.createSymbolicLink(profile.resolve("prefs.properties.tmp"), secret);
        Launch.Result r = launch().tmpdir(tmp)
                .args("--profile", profile.toString(), "--backgroundtask", "not_ephemeral_profile", "answer", "42").run();
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals("precious", Files.readString(victim.resolve("keep")), "the framework storage is cleaned without following links");
        assertEquals("do not truncate", Files.readString(secret));
        assertTrue(Files.readString(profile.resolve("prefs.properties")).contains("answer=42"));
        try (var s = Files.list(profile)) {
            assertTrue(s.noneMatch(p -> p.getFileName().toString().matches("prefs\\.properties\\..+\\.tmp")), "no temporary file left");
        }
    }

    /** Rule 3: a profile directory of another user is refused. */
    @Test
    void anotherUsersProfileIsRefused() throws Exception {
        assumeRoot();
        Path shared = OtherUsers.shared(tmp);
        Path profile = shared.resolve("theirs");
        asNobody("mkdir -m 700 " + quote(profile));
        Launch.Result r = launch().tmpdir(tmp).args("--profile", profile.toString(), "--backgroundtask", "success").run();
        assertEquals(1, r.exitCode(), r::toString);
        assertTrue(r.err().contains(profile.toString()) && r.err().contains("owned by nobody"), r::toString);
    }

    /**
     * Rule 5: without BACKGROUNDTASKS_RUNTIME_DIR or XDG_RUNTIME_DIR (cron), the runtime directory is
     * not a predictable name in the shared temp directory, so another user who made that name first
     * gains nothing.
     */
    @Test
    void defaultRuntimeDirectoryIsNotInTheSharedTempDirectory() throws Exception {
        assumeRoot();
        Path shared = OtherUsers.shared(tmp);
        Path home = Files.createDirectories(tmp.resolve("home"));
        Path squatted = shared.resolve("backgroundtasks-root");
        asNobody("mkdir -m 777 " + quote(squatted));
        Launch.Result r = Launch.in(Installations.BUILT).unset("BACKGROUNDTASKS_RUNTIME_DIR").unset("XDG_RUNTIME_DIR")
                .unset("XDG_STATE_HOME").env("TMPDIR", shared.toString())
                .env("JAVA_TOOL_OPTIONS", "-Djava.io.tmpdir=" + shared + " -Duser.home=" + home)
                .args("--backgroundtask", "success").run();
        assertEquals(0, r.exitCode(), r::toString);
        try (var s = Files.list(squatted)) {
            assertEquals(0, s.count(), "nothing created in the squatted directory");
        }
        assertTrue(Files.isDirectory(home.resolve(".local/state/backgroundtasks")), r::toString);
    }

    /** Rule 5: another user's directories named like this run's profiles never make it fail. */
    @Test
    void squattedProfileNamesNeverMakeTheRunFail() throws Exception {
        assumeRoot();
        Path shared = OtherUsers.shared(tmp);
        String prefix = ProfilesIT.prefix(Installations.BUILT, "unique_profile");
        asNobody("cd " + quote(shared) + " && mkdir " + prefix + " && seq 1 9999 | sed 's/^/" + prefix + "./' | xargs mkdir");
        Launch.Result r = launch().tmpdir(shared).env("BACKGROUNDTASKS_PURGE_STALE_PROFILES", "never")
                .args("--backgroundtask", "unique_profile", "@@").run();
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.out().matches("(?s).*@@" + java.util.regex.Pattern.quote(shared.resolve(prefix).toString())
                + "\\.[0-9]{5,}@@.*"), r::toString);
    }

    /** Rule 6: a run never starts without the installation lock; an update holding it is waited for, then exit 1. */
    @Test
    void installationLockIsNeverSkipped() throws Exception {
        Path runtime = Files.createDirectories(tmp.resolve("runtime"));
        exitsOneWhileHeld(runtime.resolve("installation.lock"), launch().tmpdir(tmp).args("--backgroundtask", "success"),
                "being updated");
    }

    /** Another process (this JVM) holds the lock file exclusively for the whole run. */
    private static void exitsOneWhileHeld(Path lockFile, Launch launch, String expected) throws IOException {
        try (FileChannel c = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock held = c.lock()) {
            Launch.Result r = launch.timeout(Duration.ofSeconds(60)).run();
            assertEquals(1, r.exitCode(), r::toString);
            assertTrue(r.err().contains(expected), r::toString);
        }
    }

    /** Rule 8: the persistent-profile registry lock is waited for within a bound, never forever. */
    @Test
    void registryLockWaitIsBounded() throws Exception {
        Path data = Files.createDirectories(tmp.resolve("data"));
        exitsOneWhileHeld(data.resolve("profiles.properties.lock"), launch().tmpdir(tmp)
                .env("BACKGROUNDTASKS_DATA_DIR", data.toString()).args("--backgroundtask", "not_ephemeral_profile", "a", "1"),
                "profiles.properties.lock");
    }

    /**
     * Rule 7: a stderr nobody reads (a full pipe) never keeps the process alive: the platform's own
     * lines (here a warning per skipped jar, far more than a pipe holds) cannot block it.
     */
    @Test
    void blockedStderrNeverHangsTheProcess() throws Exception {
        Path testing = Files.createDirectories(tmp.resolve("testing"));
        Files.copy(Installations.testingTasks(Installations.BUILT), testing.resolve("tasks.jar"));
        for (int i = 0; i < 1500; i++) {
            Files.writeString(testing.resolve("not-a-bundle-with-a-long-name-to-fill-the-pipe-" + i + ".jar"), "x");
        }
        Process p = launch().tmpdir(tmp).env("BACKGROUNDTASKS_TESTING_DIR", testing.toString())
                .args("--backgroundtask", "success").start();
        try {
            // stdout is drained, stderr never read: its pipe fills up after a few hundred warnings
            Thread drain = new Thread(() -> {
                try {
                    p.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
                } catch (IOException ended) {
                    // the process is gone
                }
            });
            drain.setDaemon(true);
            drain.start();
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the launcher hangs on a stderr nobody reads");
            assertEquals(0, p.exitValue());
        } finally {
            p.destroyForcibly();
        }
    }

    /**
     * Rule 7: a stdout nobody reads (a full pipe, {@code | less} paused) never keeps the process alive
     * past timeout + shutdownTimeoutSec: the task blocked in its own {@code println} times out (4).
     */
    @Test
    void blockedStdoutNeverOutlivesTimeoutPlusShutdownTimeout() throws Exception {
        Process p = printingIntoAFullPipe("--pref", "toolkit.backgroundtasks.defaultTimeoutSec=2");
        try {
            StringBuilder err = drainStderr(p);
            // 2 s + 2 s, and a generous bound for a loaded machine's JVM start-up
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the launcher hangs on a stdout nobody reads");
            assertEquals(4, p.exitValue(), err::toString);
        } finally {
            p.destroyForcibly();
        }
    }

    /** Rule 7: the same blocked stdout never makes the process ignore SIGTERM (143). */
    @Test
    void blockedStdoutNeverMakesTheProcessIgnoreSigterm() throws Exception {
        Process p = printingIntoAFullPipe();
        try {
            StringBuilder err = drainStderr(p);
            // the task's println waits for a reader that never reads
            await("the task blocked on its stdout: " + err).atMost(Duration.ofSeconds(60))
                    .until(() -> blockedInAPipeWrite(p.pid()));
            new ProcessBuilder("kill", "-TERM", Long.toString(p.pid())).inheritIO().start().waitFor();
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "SIGTERM is ignored while stdout is blocked");
            assertEquals(143, p.exitValue(), err::toString);
        } finally {
            p.destroyForcibly();
        }
    }

    /** print_args with 2 000 arguments (200 KB, three times what a pipe holds), stdout never read. */
    private Process printingIntoAFullPipe(String... prefs) {
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of(prefs));
        args.addAll(java.util.List.of("--pref", "toolkit.backgroundtasks.shutdownTimeoutSec=2",
                "--backgroundtask", "print_args", "--"));
        for (int i = 0; i < 2000; i++) {
            args.add("a line of output that nobody reads, long enough to fill the pipe quickly: " + i);
        }
        return launch().tmpdir(tmp).args(args.toArray(String[]::new)).start();
    }

    /** Whether a thread of the process sleeps in the kernel's pipe write ({@code /proc/PID/task/TID/wchan}). */
    private static boolean blockedInAPipeWrite(long pid) throws IOException {
        try (var tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            return tasks.anyMatch(t -> {
                try {
                    return Files.readString(t.resolve("wchan")).contains("pipe_write");
                } catch (IOException gone) {
                    return false;
                }
            });
        }
    }

    private static StringBuilder drainStderr(Process p) {
        StringBuilder err = new StringBuilder();
        Thread drain = new Thread(() -> {
            try (var r = p.errorReader(java.nio.charset.StandardCharsets.UTF_8)) {
                for (String line; (line = r.readLine()) != null;) {
                    synchronized (err) {
                        err.append(line).append('\n');
                    }
                }
            } catch (IOException ended) {
                // the process is gone
            }
        });
        drain.setDaemon(true);
        drain.start();
        return err;
    }

    /**
     * Rule 15: a file system out of inodes while the framework storage is made is exit 1 naming the
     * directory and the reason, never blamed on the task bundle (5). A small tmpfs the test mounts.
     */
    @Test
    void aFullFileSystemIsExitOneWithTheReason() throws Exception {
        assumeRoot();
        Path mount = Files.createDirectories(tmp.resolve("small"));
        OtherUsers.run(java.util.List.of("mount", "-t", "tmpfs", "-o", "size=1m,nr_inodes=32", "tmpfs", mount.toString()));
        try {
            Path profile = Files.createDirectories(mount.resolve("profile"));
            long free = Long.parseLong(OtherUsers.run(java.util.List.of("stat", "-f", "-c", "%d", mount.toString())).trim());
            for (long i = 0; i < free - 1; i++) { // room for the lock file only
                Files.createFile(mount.resolve("filler-" + i));
            }
            Launch.Result r = launch().tmpdir(tmp).args("--profile", profile.toString(), "--backgroundtask", "success").run();
            assertEquals(1, r.exitCode(), r::toString);
            assertTrue(r.err().contains(profile.resolve("framework").toString()) && r.err().contains("No space left on device"),
                    r::toString);
        } finally {
            OtherUsers.run(java.util.List.of("umount", "-l", mount.toString()));
        }
    }

    /** Rule 18: a runtime directory given as a link to a directory of the user's is accepted. */
    @Test
    void aRuntimeDirectoryGivenAsALinkIsAccepted() throws Exception {
        Path real = Files.createDirectories(tmp.resolve("real-runtime"));
        Path link = Files.createSymbolicLink(tmp.resolve("link-runtime"), real);
        Launch.Result r = Launch.in(Installations.BUILT).env("BACKGROUNDTASKS_RUNTIME_DIR", link.toString()).tmpdir(tmp)
                .args("--backgroundtask", "success").run();
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(Files.exists(real.resolve("installation.lock")), r::toString);
    }

    /** Rule 18: a failure to create names the path and the operating system's reason. */
    @Test
    void aRuntimeDirectoryThatIsAFileNamesTheReason() throws Exception {
        Path file = Files.writeString(tmp.resolve("a-file"), "x");
        Launch.Result r = Launch.in(Installations.BUILT).env("BACKGROUNDTASKS_RUNTIME_DIR", file.toString()).tmpdir(tmp)
                .args("--backgroundtask", "success").run();
        assertEquals(1, r.exitCode(), r::toString);
        assertTrue(r.err().contains(file.toString()) && r.err().contains("Not a directory"), r::toString);
    }

    /** Rule 12: a path the JVM cannot encode (non-ASCII under LC_ALL=C) is exit 1 naming the variable. */
    @Test
    void aPathTheJvmCannotEncodeNamesTheVariable() throws Exception {
        Path odd = Files.createDirectories(tmp.resolve("t\u00e9mp"));
        Launch.Result r = launch().env("LC_ALL", "C").env("LANG", "C").env("TMPDIR", odd.toString())
                .args("--backgroundtask", "success").run();
        assertEquals(1, r.exitCode(), r::toString);
        assertTrue(r.err().contains("TMPDIR") && !r.err().contains("\tat "), r::toString);
        Launch.Result toolkit = launch().tmpdir(tmp).env("LC_ALL", "C").env("LANG", "C")
                .env("BACKGROUNDTASKS_TESTING_DIR", odd.toString()).args("--backgroundtask", "success").run();
        assertEquals(2, toolkit.exitCode(), "an unusable testing folder is ignored, not a crash: " + toolkit);
        assertTrue(toolkit.err().contains("BACKGROUNDTASKS_TESTING_DIR"), toolkit::toString);
    }

    /** Rule 4: a graph file that is a FIFO is written through, never replaced; no temporary file is left. */
    @Test
    void aGraphFileThatIsAFifoIsWrittenThrough() throws Exception {
        Path fifo = tmp.resolve("graph.fifo");
        OtherUsers.run(java.util.List.of("mkfifo", fifo.toString()));
        StringBuilder read = new StringBuilder();
        Thread reader = new Thread(() -> {
            try {
                read.append(Files.readString(fifo));
            } catch (IOException e) {
                read.append("failed: ").append(e);
            }
        });
        reader.setDaemon(true);
        reader.start();
        Launch.Result r = launch().tmpdir(tmp).env("BACKGROUNDTASKS_GRAPH_FILE", fifo.toString())
                .args("--backgroundtask", "success").run();
        assertEquals(0, r.exitCode(), r::toString);
        reader.join(30_000);
        assertFalse(reader.isAlive(), "the FIFO was never written: " + r);
        assertTrue(read.toString().contains("\"task\": \"success\""), read::toString);
        assertTrue(Files.readAttributes(fifo, java.nio.file.attribute.BasicFileAttributes.class).isOther(), "still a FIFO");
        try (var s = Files.list(tmp)) {
            assertTrue(s.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")), "no temporary file left");
        }
    }

    /** Rule 16: a busy --debugger=PORT is exit 1 with "port N is in use", never the child JVM's status. */
    @Test
    void aBusyDebuggerPortIsExitOne() throws Exception {
        try (java.net.ServerSocket busy = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            int port = busy.getLocalPort();
            Launch.Result r = launch().tmpdir(tmp).args("--backgroundtask", "success", "--debugger=" + port).run();
            assertEquals(1, r.exitCode(), r::toString);
            assertTrue(r.err().contains("port " + port + " is in use"), r::toString);
        }
    }

    /** Rule 9: a --wait-for-debugger child never outlives its parent, even one killed with -9. */
    @Test
    void aDebuggerChildDiesWithItsParent() throws Exception {
        Process parent = launch().tmpdir(tmp).args("--backgroundtask", "success", "--wait-for-debugger").start();
        ProcessHandle child = null;
        try {
            java.io.BufferedReader out = new java.io.BufferedReader(new java.io.InputStreamReader(parent.getInputStream(),
                    java.nio.charset.StandardCharsets.UTF_8));
            String line;
            while ((line = out.readLine()) != null && !line.contains("Listening for transport")) {
                // until JDWP waits for the debugger
            }
            child = parent.toHandle().children().findFirst().orElseThrow(() -> new AssertionError("no child JVM"));
            parent.destroyForcibly(); // kill -9
            assertTrue(parent.waitFor(30, TimeUnit.SECONDS));
            try {
                child.onExit().get(15, TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                throw new AssertionError("the debugger's child JVM outlived its parent");
            }
        } finally {
            parent.destroyForcibly();
            if (child != null) {
                child.destroyForcibly();
            }
        }
    }

    private static String awaitFile(Path file) throws IOException {
        await(file + " appeared").atMost(Duration.ofSeconds(60)).until(() -> Files.exists(file));
        return Files.readString(file);
    }

    /** Rule 17: --detach keeps --profile, refuses --attach-console (7), and hands large arguments over under any locale. */
    @Test
    void detachKeepsItsOptionsAndPassesLargeArgumentsUnderThePosixLocale() throws Exception {
        Launch.Result console = launch().tmpdir(tmp).args("--detach", "--attach-console", "--backgroundtask", "success").run();
        assertEquals(7, console.exitCode(), console::toString);

        Path profile = tmp.resolve("kept-profile");
        Launch.Result kept = launch().tmpdir(tmp).args("--detach", "--profile", profile.toString(),
                "--backgroundtask", "not_ephemeral_profile", "--", "answer", "42").run();
        assertEquals(0, kept.exitCode(), kept::toString);
        Path prefs = profile.resolve("prefs.properties");
        await("the detached task used --profile").atMost(Duration.ofSeconds(60))
                .until(() -> Files.exists(prefs) && Files.readString(prefs).contains("answer=42"));

        Path out = tmp.resolve("args");
        String big = "x".repeat(100_000);
        Launch.Result r = launch().tmpdir(tmp).env("LC_ALL", "C").env("LANG", "C")
                .args("--backgroundtask", "run_detached", "--", "write_args", out.toString(), big, big, big).run();
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals(("100000:" + big + "\n").repeat(3), awaitFile(out));
    }

    /**
     * Rule 17: --pref given with --detach reaches the detached child: specific_pref exits with the
     * preference's value (79 from the installation's defaults without it), which the child records
     * in the run history (the parent of a successful --detach records nothing).
     */
    @Test
    void detachKeepsPref() throws Exception {
        Path data = tmp.resolve("data");
        Launch.Result r = launch().tmpdir(tmp).env("BACKGROUNDTASKS_DATA_DIR", data.toString())
                .args("--detach", "--pref", "test.backgroundtask_specific_pref.exitCode=42", "--backgroundtask", "specific_pref")
                .run();
        assertEquals(0, r.exitCode(), r::toString);
        await("the detached child recorded its run").atMost(Duration.ofSeconds(60)).until(() -> historyWritten(data));
        var run = RunHistoryIT.last(data);
        assertEquals("specific_pref", run.get("task").asText(), run::toString);
        assertEquals(42, run.get("exitCode").asInt(), "the detached child did not get --pref: " + run);
    }

    private static boolean historyWritten(Path data) throws IOException {
        if (!Files.isDirectory(data)) {
            return false;
        }
        try (var s = Files.list(data)) {
            return s.map(folder -> folder.resolve("history.jsonl")).anyMatch(h -> {
                try {
                    return Files.isRegularFile(h) && Files.readString(h).endsWith("\n");
                } catch (IOException e) {
                    return false;
                }
            });
        }
    }

    /** Rule 17: the hand-off is not a user-facing input: a crafted variable never replaces or breaks the arguments. */
    @Test
    void aCraftedHandOffVariableIsIgnoredWithAWarning() {
        Launch.Result r = launch().tmpdir(tmp).env("BACKGROUNDTASKS_TASK_ARGUMENTS", "1:%%%not-base64")
                .args("--backgroundtask", "print_args", "a", "b").run();
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.out().contains("arg[0]=a") && r.out().contains("arg[1]=b"), r::toString);
        assertTrue(r.err().contains("BACKGROUNDTASKS_TASK_ARGUMENTS is ignored"), r::toString);
    }
}
