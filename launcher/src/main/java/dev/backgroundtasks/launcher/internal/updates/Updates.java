package dev.backgroundtasks.launcher.internal.updates;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;

import dev.backgroundtasks.api.FrameworkProperties;
import dev.backgroundtasks.api.UpdateStatus;
import dev.backgroundtasks.launcher.internal.files.Installation;
import dev.backgroundtasks.launcher.internal.files.PlatformFile;
import dev.backgroundtasks.launcher.internal.files.SafeFiles;
import dev.backgroundtasks.launcher.internal.output.Console;
import dev.backgroundtasks.launcher.internal.profile.RuntimeDirectory;

/**
 * Staged updates (docs/reference/processes.md; Firefox's ShouldProcessUpdates). An application stages an
 * update in {@code updates/staged/}: {@code update.properties} ({@code version=...}, optional
 * {@code remove.N=relative/path.jar}) and the new files under {@code files/<relative path>}. Only normal
 * mode and updating tasks process it, and only while no other process of the installation runs: every
 * run holds the installation lock shared, processing needs it exclusively.
 *
 * <p>Atomic as a set: renaming {@code staged/} to {@code applying/} is the commit point. Before it
 * nothing changed; after it the update is rolled forward, operation by idempotent operation, by
 * whichever process next gets the exclusive lock, so a crash halfway never leaves a mix for longer
 * than until the next start. Old files go to {@code updates/backup/} until the update completes; the
 * result is recorded in {@code updates/last-update.properties}.
 */
public final class Updates {
    static final String LOCK = "installation.lock";
    static final long INSTALLATION_WAIT_MS = 15_000;
    private static final List<String> UPDATABLE = List.of("bundles/", "app/bundles/", "app/backgroundtasks/",
            "toolkit/backgroundtasks/", "defaults/");

    /** Why updates were not processed, with Firefox's names. */
    public enum Reason {
        PROCESSED(""), NOT_AN_UPDATING_TASK("NotAnUpdatingTask"), OTHER_INSTANCE_RUNNING("OtherInstanceRunning");

        public final String id;

        Reason(String id) {
            this.id = id;
        }
    }

    /** What happened at start, for the task and the log: the status, and the same in words. */
    public record Outcome(Reason reason, UpdateStatus status, String detail) {
        /** Not an updating task, and no interrupted update to finish: the common start. */
        public static Outcome notUpdating() {
            return new Outcome(Reason.NOT_AN_UPDATING_TASK, UpdateStatus.NOT_AN_UPDATING_TASK,
                    "not processed: not an updating task");
        }

        /** Applying failed: the run goes on with what is installed. */
        public static Outcome failed(IOException e) {
            return new Outcome(Reason.PROCESSED, UpdateStatus.FAILED, "failed: " + e.getMessage());
        }

        /** Tells the bundles what happened; Firefox's reason only under the test hook that asks for it. */
        public void frameworkProperties(Map<String, String> properties, boolean withNotProcessedReason) {
            if (withNotProcessedReason) {
                properties.put(FrameworkProperties.UPDATE_NOT_PROCESSED_REASON, reason.id);
            }
            properties.put(FrameworkProperties.UPDATE_STATUS, status.name());
            properties.put(FrameworkProperties.UPDATE_DETAIL, detail);
        }
    }

    /** The outcome, and the installation lock held shared until the run ends. */
    public record Start(Outcome outcome, RuntimeDirectory.Lock shared) {
    }

    /** Told after each operation of an update applied (the crash test's hook: {@link CrashAfter}). */
    @FunctionalInterface
    public interface Progress {
        Progress NONE = done -> { };

        void applied(int operations);
    }

    private final Installation installation;
    private final RuntimeDirectory runtime;
    private final Console console;
    private final Progress progress;

    public Updates(Installation installation, RuntimeDirectory runtime, Console console, Progress progress) {
        this.installation = installation;
        this.runtime = runtime;
        this.console = console;
        this.progress = progress;
    }

    Path folder() {
        return installation.root().resolve("updates");
    }

    /**
     * At start: an updating process applies what is staged if it can get the installation to itself;
     * any process finishes a committed update that a crash interrupted. Then every process holds the
     * installation lock shared until it exits (the returned lock).
     */
    public Start atStart(boolean updating) throws IOException {
        Outcome outcome;
        boolean interrupted = Files.isDirectory(folder().resolve("applying"));
        if (!updating && !interrupted) {
            outcome = Outcome.notUpdating();
        } else {
            Optional<RuntimeDirectory.Lock> exclusive = runtime.tryLock(LOCK, false);
            if (exclusive.isEmpty()) {
                outcome = new Outcome(updating ? Reason.OTHER_INSTANCE_RUNNING : Reason.NOT_AN_UPDATING_TASK,
                        UpdateStatus.OTHER_INSTANCE_RUNNING, "not processed: another process of the installation is running");
            } else {
                try (RuntimeDirectory.Lock held = exclusive.get()) {
                    if (interrupted) {
                        rollForward();
                    }
                    outcome = updating ? apply()
                            : new Outcome(Reason.NOT_AN_UPDATING_TASK, UpdateStatus.INTERRUPTED_UPDATE_COMPLETED,
                                    "an interrupted update was completed");
                }
            }
        }
        // never run without the shared lock: an update holding it exclusively is waited for, within a bound
        Optional<RuntimeDirectory.Lock> held;
        try {
            held = runtime.lock(LOCK, true, INSTALLATION_WAIT_MS);
        } catch (IOException e) {
            throw new SafeFiles.Refusal("cannot take the installation lock " + SafeFiles.describe(runtime.path().resolve(LOCK), e));
        }
        return new Start(outcome, held.orElseThrow(() -> new SafeFiles.Refusal(
                "the installation is being updated by another process (" + runtime.path().resolve(LOCK) + " held for more than "
                + INSTALLATION_WAIT_MS / 1000 + " s); try again when the update has finished")));
    }

    /** Commits what is staged and applies it. */
    private Outcome apply() throws IOException {
        Path staged = folder().resolve("staged");
        if (!Files.isRegularFile(staged.resolve("update.properties"))) {
            return new Outcome(Reason.PROCESSED, UpdateStatus.NOTHING_STAGED, "nothing staged");
        }
        try {
            plan(staged); // refuse a malformed update before committing it
        } catch (SafeFiles.Refusal malformed) {
            Path aside = folder().resolve("rejected-" + System.currentTimeMillis());
            Files.move(staged, aside, StandardCopyOption.ATOMIC_MOVE);
            console.warnAlways(malformed.getMessage() + "; the update was moved aside to " + aside);
            return new Outcome(Reason.PROCESSED, UpdateStatus.REJECTED, "rejected: " + malformed.getMessage());
        }
        Files.move(staged, folder().resolve("applying"), StandardCopyOption.ATOMIC_MOVE);
        return new Outcome(Reason.PROCESSED, UpdateStatus.APPLIED, rollForward());
    }

    /** Applies a committed update, returning what it applied in words; every step is idempotent, so it may run again after a crash. */
    private String rollForward() throws IOException {
        Path applying = folder().resolve("applying");
        Path backup = folder().resolve("backup");
        Properties manifest = read(applying.resolve("update.properties"));
        List<String[]> operations = plan(applying);
        int done = 0;
        for (String[] op : operations) {
            Path target = installation.root().resolve(op[1]);
            Path saved = backup.resolve(op[1]);
            Path source = applying.resolve("files").resolve(op[1]);
            if (Files.exists(target, LinkOption.NOFOLLOW_LINKS) && !Files.exists(saved, LinkOption.NOFOLLOW_LINKS)
                    && (op[0].equals("remove") || Files.exists(source))) {
                Files.createDirectories(saved.getParent());
                Files.move(target, saved, StandardCopyOption.ATOMIC_MOVE);
            }
            if (op[0].equals("replace") && Files.exists(source)) {
                Files.createDirectories(target.getParent());
                Files.move(source, target, StandardCopyOption.ATOMIC_MOVE);
            }
            progress.applied(++done);
        }
        String version = manifest.getProperty("version", "?");
        Properties record = new Properties();
        record.setProperty("version", version);
        record.setProperty("appliedAt", Instant.now().toString());
        record.setProperty("operations", Integer.toString(operations.size()));
        record.setProperty("status", "applied");
        java.io.ByteArrayOutputStream content = new java.io.ByteArrayOutputStream();
        record.store(new java.io.OutputStreamWriter(content, StandardCharsets.UTF_8), "The last update applied to this installation");
        SafeFiles.replace(folder().resolve("last-update.properties"), content.toByteArray());
        SafeFiles.removeTree(applying);
        SafeFiles.removeTree(backup);
        console.info("applied update " + version + " (" + operations.size() + " files)");
        return "applied " + version;
    }

    /** [action, relative path] pairs: every file under files/ replaces or adds, every remove.N removes. */
    private List<String[]> plan(Path update) throws IOException {
        List<String[]> operations = new ArrayList<>();
        Path files = update.resolve("files");
        if (Files.isDirectory(files)) {
            try (var walk = Files.walk(files)) {
                for (Path p : walk.filter(Files::isRegularFile).sorted().toList()) {
                    operations.add(new String[] {"replace", checked(files.relativize(p).toString())});
                }
            }
        }
        Map<String, String> removes = new TreeMap<>();
        read(update.resolve("update.properties")).forEach((k, v) -> {
            if (k.toString().startsWith("remove.")) {
                removes.put(k.toString(), v.toString());
            }
        });
        for (String path : removes.values()) {
            operations.add(new String[] {"remove", checked(path)});
        }
        return operations;
    }

    private static String checked(String relative) throws IOException {
        String path = relative.replace('\\', '/');
        if (path.contains("..") || path.startsWith("/") || UPDATABLE.stream().noneMatch(path::startsWith)) {
            throw new IOException("the update touches " + relative + ", outside " + UPDATABLE);
        }
        return path;
    }

    private static Properties read(Path file) {
        return PlatformFile.loadInstalled(file);
    }
}
