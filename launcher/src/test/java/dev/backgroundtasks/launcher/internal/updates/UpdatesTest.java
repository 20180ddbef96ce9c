package dev.backgroundtasks.launcher.internal.updates;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.backgroundtasks.api.UpdateStatus;

import dev.backgroundtasks.launcher.internal.files.Installation;
import dev.backgroundtasks.launcher.internal.output.Console;
import dev.backgroundtasks.launcher.internal.profile.RuntimeDirectory;

/** Staged updates, in-process: applied as a set under the installation lock, rolled forward after a crash. */
class UpdatesTest {
    @TempDir
    Path temp;
    private Installation installation;
    private RuntimeDirectory runtime;
    private final Console console = new Console(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));

    @BeforeEach
    void installation() throws Exception {
        Path root = Files.createDirectories(temp.resolve("installation"));
        Files.createDirectories(root.resolve("bundles"));
        Files.writeString(root.resolve("bundles/old.jar"), "old");
        Files.writeString(root.resolve("bundles/gone.jar"), "gone");
        installation = new Installation(root);
        runtime = RuntimeDirectory.open(Map.of("BACKGROUNDTASKS_RUNTIME_DIR", temp.resolve("runtime").toString()),
                installation.installHash());
        console.release(false);
    }

    /** Stages version 2: bundles/old.jar and bundles/new.jar replaced or added, bundles/gone.jar removed. */
    private void stage() throws IOException {
        Path staged = Files.createDirectories(installation.root().resolve("updates/staged/files/bundles"));
        Files.writeString(staged.resolve("old.jar"), "old, updated");
        Files.writeString(staged.resolve("new.jar"), "new");
        Files.writeString(installation.root().resolve("updates/staged/update.properties"), "version=2\nremove.1=bundles/gone.jar\n");
    }

    private Updates updates(Updates.Progress progress) {
        return new Updates(installation, runtime, console, progress);
    }

    private String file(String relative) throws IOException {
        return Files.readString(installation.root().resolve(relative));
    }

    @Test
    void anUpdatingRunAppliesWhatIsStagedAsOneSet() throws Exception {
        stage();
        Updates.Start start = updates(Updates.Progress.NONE).atStart(true);
        try (RuntimeDirectory.Lock shared = start.shared()) {
            assertEquals(new Updates.Outcome(Updates.Reason.PROCESSED, UpdateStatus.APPLIED, "applied 2"), start.outcome());
            assertEquals("old, updated", file("bundles/old.jar"));
            assertEquals("new", file("bundles/new.jar"));
            assertFalse(Files.exists(installation.root().resolve("bundles/gone.jar")));
            Properties record = new Properties();
            record.load(Files.newBufferedReader(installation.root().resolve("updates/last-update.properties")));
            assertEquals("2", record.getProperty("version"));
            assertEquals("3", record.getProperty("operations"));
            assertFalse(Files.exists(installation.root().resolve("updates/applying")));
            assertFalse(Files.exists(installation.root().resolve("updates/backup")));
            assertTrue(shared != null, "the run holds the installation lock");
        }
        // (another process's view of the lock is ExclusiveAndUpdatesIT's: file locks are per JVM)
    }

    @Test
    void aRunThatDoesNotUpdateLeavesTheStagedUpdate() throws Exception {
        stage();
        Updates.Start start = updates(Updates.Progress.NONE).atStart(false);
        start.shared().close();
        assertEquals(new Updates.Outcome(Updates.Reason.NOT_AN_UPDATING_TASK, UpdateStatus.NOT_AN_UPDATING_TASK,
                "not processed: not an updating task"),
                start.outcome());
        assertEquals("old", file("bundles/old.jar"));
        assertTrue(Files.isDirectory(installation.root().resolve("updates/staged")));
    }

    @Test
    void anUpdateCutShortIsRolledForwardByTheNextRunOfAnyKind() throws Exception {
        stage();
        List<Integer> seen = new ArrayList<>();
        class Crash extends RuntimeException {
            private static final long serialVersionUID = 1L;
        }
        assertThrows(Crash.class, () -> updates(done -> {
            seen.add(done);
            if (done == 1) {
                throw new Crash(); // stands for the halt of the crash hook: nothing after it runs
            }
        }).atStart(true));
        assertEquals(List.of(1), seen);
        assertTrue(Files.isDirectory(installation.root().resolve("updates/applying")), "committed, half applied");

        Updates.Start next = updates(Updates.Progress.NONE).atStart(false);
        next.shared().close();
        assertEquals(new Updates.Outcome(Updates.Reason.NOT_AN_UPDATING_TASK,
                UpdateStatus.INTERRUPTED_UPDATE_COMPLETED, "an interrupted update was completed"),
                next.outcome());
        assertEquals("old, updated", file("bundles/old.jar"));
        assertEquals("new", file("bundles/new.jar"));
        assertFalse(Files.exists(installation.root().resolve("bundles/gone.jar")));
        assertFalse(Files.exists(installation.root().resolve("updates/applying")));
    }

    @Test
    void theCrashHookHaltsAfterItsCountOnly() {
        List<Integer> halts = new ArrayList<>();
        CrashAfter hook = new CrashAfter(2, console, halts::add);
        hook.applied(1);
        assertEquals(List.of(), halts);
        hook.applied(2);
        assertEquals(List.of(99), halts);
        assertEquals(Updates.Progress.NONE, CrashAfter.from(Map.of(), console));
        assertEquals(Updates.Progress.NONE, CrashAfter.from(Map.of(CrashAfter.VARIABLE, "x"), console));
    }
}
