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

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.backgroundtasks.testing.BackgroundTaskResult;
import dev.backgroundtasks.testing.BackgroundTaskRun;
import dev.backgroundtasks.testing.InstallationExtension;
import dev.backgroundtasks.testing.RunningTask;
import dev.backgroundtasks.testing.WithInstallation;

/**
 * docs/reliability.md: another user, planted links, squatted names and stuck pipes never
 * make a run touch what it should not, hang, or fail. Rule numbers are those of docs/reliability.md.
 */
@WithInstallation(testingTasks = true)
class HardeningIT {
    @TempDir
    Path tmp;

    /** Detached children of a test end before JUnit removes the folder they write into. */
    @AfterEach
    void detachedChildrenEnded() {
        Fixtures.awaitNoProcessIn(tmp);
    }

    private BackgroundTaskRun launch() {
        return BackgroundTaskRun.launcher().env("BACKGROUNDTASKS_RUNTIME_DIR", tmp.resolve("runtime").toString());
    }

    private static String prefix(String task) throws Exception {
        return ProfilesIT.prefix(InstallationExtension.current().orElseThrow().path(), task);
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
        Path planted = shared.resolve(prefix("success"));
        asNobody("mkdir " + quote(planted) + " && ln -s " + quote(victim) + " " + quote(planted.resolve("link"))
                + " && touch -d 2000-01-01 " + quote(planted));
        BackgroundTaskResult r = launch().tmpdir(shared).env("BACKGROUNDTASKS_PURGE_STALE_PROFILES", "always")
                .args("--backgroundtask", "success").run();
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(Files.isSymbolicLink(planted.resolve("link")), "another user's profile is not removed: " + r);
        assertFalse(Files.exists(planted.resolve(".parentlock")), "nothing is created in it");
        assertTrue(Files.exists(victim.resolve("keep")));
        assertFalse(r.stderrText().contains("warning"), r::toString);
    }

    /** Rule 2: a lock file planted as a link is refused with one line; its target is never created. */
    @Test
    void plantedProfileLockLinkIsRefused() throws Exception {
        Path profile = Files.createDirectories(tmp.resolve("profile"));
        Path target = tmp.resolve("created-through-the-link");
        Files.createSymbolicLink(profile.resolve(".parentlock"), target);
        BackgroundTaskResult r = launch().tmpdir(tmp).args("--profile", profile.toString(), "--backgroundtask", "success").run();
        assertEquals(1, r.exitCode(), r::toString);
        assertTrue(r.stderrText().contains(".parentlock") && r.stderrText().contains("symbolic link"), r::toString);
        assertFalse(Files.exists(target, java.nio.file.LinkOption.NOFOLLOW_LINKS), "never created through the link");
    }

    /** Rule 2: the same for the installation lock in the runtime directory. */
    @Test
    void plantedInstallationLockLinkIsRefused() throws Exception {
        Path runtime = Files.createDirectories(tmp.resolve("runtime"));
        Path target = tmp.resolve("created-through-the-link");
        Files.createSymbolicLink(runtime.resolve("installation.lock"), target);
        BackgroundTaskResult r = launch().tmpdir(tmp).args("--backgroundtask", "success").run();
        assertEquals(1, r.exitCode(), r::toString);
        assertTrue(r.stderrText().contains("installation.lock") && r.stderrText().contains("symbolic link"), r::toString);
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
        BackgroundTaskResult r = launch().tmpdir(tmp)
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
        BackgroundTaskResult r = launch().tmpdir(tmp).args("--profile", profile.toString(), "--backgroundtask", "success").run();
        assertEquals(1, r.exitCode(), r::toString);
        assertTrue(r.stderrText().contains(profile.toString()) && r.stderrText().contains("owned by nobody"), r::toString);
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
        BackgroundTaskResult r = BackgroundTaskRun.launcher().env("BACKGROUNDTASKS_RUNTIME_DIR", null).env("XDG_RUNTIME_DIR", null)
                .env("XDG_STATE_HOME", null).env("BACKGROUNDTASKS_DATA_DIR", null).env("TMPDIR", shared.toString())
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
        String prefix = prefix("unique_profile");
        asNobody("cd " + quote(shared) + " && mkdir " + prefix + " && seq 1 9999 | sed 's/^/" + prefix + "./' | xargs mkdir");
        BackgroundTaskResult r = launch().tmpdir(shared).env("BACKGROUNDTASKS_PURGE_STALE_PROFILES", "never")
                .args("--backgroundtask", "unique_profile", "@@").run();
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.stdoutText().matches("(?s).*@@" + java.util.regex.Pattern.quote(shared.resolve(prefix).toString())
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
    private static void exitsOneWhileHeld(Path lockFile, BackgroundTaskRun launch, String expected) throws IOException {
        try (FileChannel c = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock held = c.lock()) {
            BackgroundTaskResult r = launch.timeout(Duration.ofSeconds(60)).run();
            assertEquals(1, r.exitCode(), r::toString);
            assertTrue(r.stderrText().contains(expected), r::toString);
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
        Files.copy(Fixtures.testingTask("success"), testing.resolve("success.jar"));
        for (int i = 0; i < 1500; i++) {
            Files.writeString(testing.resolve("not-a-bundle-with-a-long-name-to-fill-the-pipe-" + i + ".jar"), "x");
        }
        // stdout is drained, stderr never read: its pipe fills up after a few hundred warnings
        try (RunningTask p = launch().tmpdir(tmp).env("BACKGROUNDTASKS_TESTING_DIR", testing.toString())
                .unreadStderr().args("--backgroundtask", "success").start()) {
            BackgroundTaskResult r = p.await(Duration.ofSeconds(60)); // else: the launcher hangs on a stderr nobody reads
            assertEquals(0, r.exitCode(), r::toString);
        }
    }

    /**
     * Rule 7: a stdout nobody reads (a full pipe, {@code | less} paused) never keeps the process alive
     * past timeout + shutdownTimeoutSec: the task blocked in its own {@code println} times out (4).
     */
    @Test
    void blockedStdoutNeverOutlivesTimeoutPlusShutdownTimeout() throws Exception {
        try (RunningTask p = printingIntoAFullPipe("--pref", "toolkit.backgroundtasks.defaultTimeoutSec=2")) {
            // 2 s + 2 s, and a generous bound for a loaded machine's JVM start-up
            BackgroundTaskResult r = p.await(Duration.ofSeconds(60)); // else: the launcher hangs on a stdout nobody reads
            assertEquals(4, r.exitCode(), r::toString);
        }
    }

    /** Rule 7: the same blocked stdout never makes the process ignore SIGTERM (143). */
    @Test
    void blockedStdoutNeverMakesTheProcessIgnoreSigterm() throws Exception {
        try (RunningTask p = printingIntoAFullPipe()) {
            // the task's println waits for a reader that never reads
            await("the task blocked on its stdout").atMost(Duration.ofSeconds(60))
                    .until(() -> blockedInAPipeWrite(p.pid()));
            BackgroundTaskResult r = p.signal("TERM").await(Duration.ofSeconds(60)); // else: SIGTERM is ignored
            assertEquals(143, r.exitCode(), r::toString);
        }
    }

    /** print_args with 2 000 arguments (200 KB, three times what a pipe holds), stdout never read. */
    private RunningTask printingIntoAFullPipe(String... prefs) {
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of(prefs));
        args.addAll(java.util.List.of("--pref", "toolkit.backgroundtasks.shutdownTimeoutSec=2",
                "--backgroundtask", "print_args", "--"));
        for (int i = 0; i < 2000; i++) {
            args.add("a line of output that nobody reads, long enough to fill the pipe quickly: " + i);
        }
        return launch().tmpdir(tmp).unreadStdout().args(args.toArray(String[]::new)).start();
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
            // no storage slot: the fresh storage in the profile is the one the full file system refuses
            BackgroundTaskResult r = launch().tmpdir(tmp).env("BACKGROUNDTASKS_STORAGE_SLOTS", "0")
                    .args("--profile", profile.toString(), "--backgroundtask", "success").run();
            assertEquals(1, r.exitCode(), r::toString);
            assertTrue(r.stderrText().contains(profile.resolve("framework").toString()) && r.stderrText().contains("No space left on device"),
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
        BackgroundTaskResult r = BackgroundTaskRun.launcher().env("BACKGROUNDTASKS_RUNTIME_DIR", link.toString()).tmpdir(tmp)
                .args("--backgroundtask", "success").run();
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(Files.exists(real.resolve("installation.lock")), r::toString);
    }

    /** Rule 18: a failure to create names the path and the operating system's reason. */
    @Test
    void aRuntimeDirectoryThatIsAFileNamesTheReason() throws Exception {
        Path file = Files.writeString(tmp.resolve("a-file"), "x");
        BackgroundTaskResult r = BackgroundTaskRun.launcher().env("BACKGROUNDTASKS_RUNTIME_DIR", file.toString()).tmpdir(tmp)
                .args("--backgroundtask", "success").run();
        assertEquals(1, r.exitCode(), r::toString);
        assertTrue(r.stderrText().contains(file.toString()) && r.stderrText().contains("Not a directory"), r::toString);
    }

    /** Rule 12: a path the JVM cannot encode (non-ASCII under LC_ALL=C) is exit 1 naming the variable. */
    @Test
    void aPathTheJvmCannotEncodeNamesTheVariable() throws Exception {
        Path odd = Files.createDirectories(tmp.resolve("t\u00e9mp"));
        BackgroundTaskResult r = launch().env("LC_ALL", "C").env("LANG", "C").env("TMPDIR", odd.toString())
                .args("--backgroundtask", "success").run();
        assertEquals(1, r.exitCode(), r::toString);
        assertTrue(r.stderrText().contains("TMPDIR") && !r.stderrText().contains("\tat "), r::toString);
        BackgroundTaskResult toolkit = launch().tmpdir(tmp).env("LC_ALL", "C").env("LANG", "C")
                .env("BACKGROUNDTASKS_TESTING_DIR", odd.toString()).args("--backgroundtask", "success").run();
        assertEquals(2, toolkit.exitCode(), "an unusable testing folder is ignored, not a crash: " + toolkit);
        assertTrue(toolkit.stderrText().contains("BACKGROUNDTASKS_TESTING_DIR"), toolkit::toString);
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
        BackgroundTaskResult r = launch().tmpdir(tmp).env("BACKGROUNDTASKS_GRAPH_FILE", fifo.toString())
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
            BackgroundTaskResult r = launch().tmpdir(tmp).args("--backgroundtask", "success", "--debugger=" + port).run();
            assertEquals(1, r.exitCode(), r::toString);
            assertTrue(r.stderrText().contains("port " + port + " is in use"), r::toString);
        }
    }

    /** Rule 9: a --wait-for-debugger child never outlives its parent, even one killed with -9. */
    @Test
    void aDebuggerChildDiesWithItsParent() throws Exception {
        RunningTask parent = launch().tmpdir(tmp).args("--backgroundtask", "success", "--wait-for-debugger").start();
        ProcessHandle child = null;
        try {
            // until JDWP waits for the debugger
            parent.awaitStdoutLine(line -> line.contains("Listening for transport"), Duration.ofSeconds(60));
            child = parent.process().children().findFirst().orElseThrow(() -> new AssertionError("no child JVM"));
            parent.process().destroyForcibly(); // kill -9, of the parent alone
            parent.await(Duration.ofSeconds(30));
            try {
                child.onExit().get(15, TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                throw new AssertionError("the debugger's child JVM outlived its parent");
            }
        } finally {
            parent.close();
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
        BackgroundTaskResult console = launch().tmpdir(tmp).args("--detach", "--attach-console", "--backgroundtask", "success").run();
        assertEquals(7, console.exitCode(), console::toString);

        Path profile = tmp.resolve("kept-profile");
        BackgroundTaskResult kept = launch().tmpdir(tmp).args("--detach", "--profile", profile.toString(),
                "--backgroundtask", "not_ephemeral_profile", "--", "answer", "42").run();
        assertEquals(0, kept.exitCode(), kept::toString);
        Path prefs = profile.resolve("prefs.properties");
        await("the detached task used --profile").atMost(Duration.ofSeconds(60))
                .until(() -> Files.exists(prefs) && Files.readString(prefs).contains("answer=42"));

        Path out = tmp.resolve("args");
        String big = "x".repeat(100_000);
        BackgroundTaskResult r = launch().tmpdir(tmp).env("LC_ALL", "C").env("LANG", "C")
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
        BackgroundTaskResult r = launch().tmpdir(tmp).env("BACKGROUNDTASKS_DATA_DIR", data.toString())
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
        BackgroundTaskResult r = launch().tmpdir(tmp).env("BACKGROUNDTASKS_TASK_ARGUMENTS", "1:%%%not-base64")
                .args("--backgroundtask", "print_args", "a", "b").run();
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.stdoutText().contains("arg[0]=a") && r.stdoutText().contains("arg[1]=b"), r::toString);
        assertTrue(r.stderrText().contains("BACKGROUNDTASKS_TASK_ARGUMENTS is ignored"), r::toString);
    }
}
