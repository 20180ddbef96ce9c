package dev.backgroundtasks.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import dev.backgroundtasks.testing.internal.Trees;

/**
 * A real installation of the platform ({@code launcher.jar}, {@code bundles/}, {@code app/backgroundtasks/},
 * ...) that tasks run in, as {@code java -jar launcher.jar --backgroundtask NAME}.
 *
 * <p>Runs in one installation share its persistent-profile folder ({@code BACKGROUNDTASKS_DATA_DIR}) and
 * runtime directory ({@code BACKGROUNDTASKS_RUNTIME_DIR}), both private to it, so a test never touches the
 * user's own; each run gets its own {@code TMPDIR}, where its ephemeral profile goes. {@link #close()}
 * ends runs still going and removes what the installation made. {@link WithInstallation} gives each
 * test class a fresh one.
 */
public final class TaskInstallation implements AutoCloseable {
    private boolean testingTasksVisible;
    /** Set to {@code true} to keep installations and their runs' files after the tests, for a look. */
    public static final String KEEP_PROPERTY = "backgroundtasks.keepInstallations";

    private final Path root;
    private final Path work;
    private final Path removeOnClose;
    private final Map<String, String> environment = new LinkedHashMap<>();
    private final Map<String, String> prefs = new LinkedHashMap<>();
    private final AtomicInteger runs = new AtomicInteger();
    private final Set<RunningTask> running = ConcurrentHashMap.newKeySet();
    private final Set<TaskInstallation> copies = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    private TaskInstallation(Path root, Path work, Path removeOnClose) {
        this.root = root;
        this.work = work;
        this.removeOnClose = removeOnClose;
    }

    /** A fresh installation unpacked from the distribution that {@link Distribution#locate()} finds. */
    public static TaskInstallation create() {
        return create(Distribution.locate());
    }

    /**
     * A fresh installation in a new temporary folder, from a distribution zip or a copy of an installation
     * folder; {@link #close()} removes it.
     */
    public static TaskInstallation create(Path distribution) {
        Path base = newTemporaryFolder();
        try {
            Path installation;
            if (Files.isDirectory(distribution)) {
                installation = base.resolve("backgroundtasks");
                Trees.copy(Trees.installationIn(distribution), installation);
            } else {
                installation = Trees.unzipInstallation(distribution, base.resolve("unpacked"));
            }
            return new TaskInstallation(installation, base.resolve("work"), base);
        } catch (RuntimeException | Error e) {
            Trees.remove(base);
            throw e;
        }
    }

    /**
     * An existing installation, used in place: bundles dropped in stay there. Only the files of its runs
     * (profiles, persistent profiles, the runtime directory) are removed by {@link #close()}.
     */
    public static TaskInstallation existing(Path installation) {
        Path root = Trees.installationIn(installation.toAbsolutePath().normalize());
        Path base = newTemporaryFolder();
        return new TaskInstallation(root, base.resolve("work"), base);
    }

    /**
     * A fresh copy of this installation as it is now, bundles dropped in included, with the same
     * {@link #env} and {@link #pref} settings and folders of its own for its runs: for a test that
     * changes the installation (drops a broken bundle, edits {@code defaults/}) without touching the one
     * other tests run in. Closed with this one, if not before.
     */
    public TaskInstallation copy() {
        TaskInstallation copy = create(root);
        synchronized (this) {
            copy.environment.putAll(environment);
            copy.prefs.putAll(prefs);
            copy.testingTasksVisible = testingTasksVisible;
        }
        copies.add(copy);
        return copy;
    }

    private static Path newTemporaryFolder() {
        try {
            // short: the runtime directory below it holds a Unix socket, whose path must stay under 100 bytes
            return Files.createTempDirectory("bt-").toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary folder", e);
        }
    }

    /** The installation folder, the one holding {@code launcher.jar}. */
    public Path path() {
        return root;
    }

    public Path launcherJar() {
        return root.resolve("launcher.jar");
    }

    /** {@code app/backgroundtasks/}: where the application's and third parties' task bundles go. */
    public Path appTasks() {
        return root.resolve("app").resolve("backgroundtasks");
    }

    /** {@code testing/backgroundtasks/}: the platform's test-only tasks. */
    public Path testingTasks() {
        return root.resolve("testing").resolve("backgroundtasks");
    }

    /** {@code BACKGROUNDTASKS_DATA_DIR} of its runs: where persistent profiles live. */
    public Path dataDirectory() {
        return work.resolve("data");
    }

    /** {@code BACKGROUNDTASKS_RUNTIME_DIR} of its runs: exclusive-task locks, the actors' socket. */
    public Path runtimeDirectory() {
        return work.resolve("rt");
    }

    /** Makes the platform's test-only tasks ({@code success}, {@code exitcode N}, ...) visible to every run. */
    public synchronized TaskInstallation withTestingTasks() {
        testingTasksVisible = true;
        return this;
    }

    /** Whether its runs see its own test-only tasks ({@link #withTestingTasks}): a copy sees the copy's. */
    synchronized boolean testingTasksVisible() {
        return testingTasksVisible;
    }

    /** An environment variable for every run in this installation (a run's own {@code env} wins); null removes it. */
    public synchronized TaskInstallation env(String name, String value) {
        if (value == null) {
            environment.remove(name);
        } else {
            environment.put(name, value);
        }
        return this;
    }

    synchronized Map<String, String> environment() {
        return new LinkedHashMap<>(environment);
    }

    /**
     * {@code --pref NAME=VALUE} for every run in this installation (a run's own {@code pref} wins), as an
     * operator would set it in {@code defaults/prefs.properties}; null removes it.
     */
    public synchronized TaskInstallation pref(String name, Object value) {
        if (value == null) {
            prefs.remove(name);
        } else {
            prefs.put(name, String.valueOf(value));
        }
        return this;
    }

    synchronized Map<String, String> prefs() {
        return new LinkedHashMap<>(prefs);
    }

    /**
     * Drops bundles into {@code app/backgroundtasks/} under their own file names, as a user copies them
     * there; a file of the same name with other content is replaced. They stay for later runs.
     */
    public List<Path> drop(Path... bundles) {
        List<Path> dropped = new ArrayList<>();
        for (Path bundle : bundles) {
            dropped.add(drop(bundle, appTasks()));
        }
        return dropped;
    }

    /** Drops a bundle into a folder of the installation (another task folder, {@code bundles/}). */
    public Path drop(Path bundle, Path folder) {
        return drop(bundle, folder, bundle.getFileName().toString());
    }

    /**
     * Drops a bundle into a folder of the installation under another file name (the order of file names
     * is the order the platform reads a folder in); a file of that name with other content is replaced.
     */
    public Path drop(Path bundle, Path folder, String fileName) {
        if (!Files.isRegularFile(bundle)) {
            throw new IllegalArgumentException("no bundle at " + bundle + " (was the project packaged?)");
        }
        try {
            Files.createDirectories(folder);
            Path target = folder.resolve(fileName);
            synchronized (this) {
                if (!Files.isRegularFile(target) || Files.mismatch(bundle, target) != -1) {
                    // through a temporary name: a run starting now never sees a half-copied jar
                    Path partial = folder.resolve("." + target.getFileName() + ".part");
                    Files.copy(bundle, partial, StandardCopyOption.REPLACE_EXISTING);
                    Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                }
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot drop " + bundle + " into " + folder, e);
        }
    }

    /** A run of task {@code name} in this installation. */
    public BackgroundTaskRun task(String name) {
        return BackgroundTaskRun.task(name).in(this);
    }

    /** A run of the launcher with these arguments and no task ({@code --list-tasks}, {@code --version}). */
    public BackgroundTaskRun launcher(String... arguments) {
        return BackgroundTaskRun.launcher(arguments).in(this);
    }

    /** A new folder for one run's TMPDIR and working directory. */
    Path newRunFolder(String label) {
        if (closed) {
            throw new IllegalStateException("installation " + root + " is closed");
        }
        Path folder = work.resolve("runs").resolve(runs.incrementAndGet() + "-" + label.replaceAll("[^A-Za-z0-9_-]", "_"));
        try {
            Files.createDirectories(folder.resolve("tmp"));
            return folder;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The folder every {@link BackgroundTaskRun#warmable} run of this installation runs in, with its tmp. */
    Path sharedRunFolder() {
        if (closed) {
            throw new IllegalStateException("installation " + root + " is closed");
        }
        Path folder = work.resolve("runs").resolve("shared");
        try {
            Files.createDirectories(folder.resolve("tmp"));
            return folder;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The lines of this installation's run history ({@code history.jsonl} in its data directory, one JSON
     * record per run, docs/reference: the run history); empty before the first run.
     */
    public List<String> historyLines() {
        Path data = dataDirectory();
        if (!Files.isDirectory(data)) {
            return List.of();
        }
        try (java.util.stream.Stream<Path> folders = Files.list(data)) {
            List<String> lines = new java.util.ArrayList<>();
            for (Path folder : folders.filter(f -> f.getFileName().toString().startsWith("installation-")).toList()) {
                Path history = folder.resolve("history.jsonl");
                if (Files.isRegularFile(history)) {
                    lines.addAll(Files.readAllLines(history, java.nio.charset.StandardCharsets.UTF_8));
                }
            }
            return lines;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void started(RunningTask task) {
        running.add(task);
    }

    void ended(RunningTask task) {
        running.remove(task);
    }

    /** Ends runs still going, then removes the files this installation made (not with {@value #KEEP_PROPERTY}). */
    @Override
    public void close() {
        closed = true;
        for (TaskInstallation copy : List.copyOf(copies)) {
            copy.close();
        }
        for (RunningTask task : List.copyOf(running)) {
            task.close();
        }
        if (Boolean.getBoolean(KEEP_PROPERTY)) {
            System.err.println("kept (-D" + KEEP_PROPERTY + "): installation " + root + ", runs " + work);
            return;
        }
        Trees.remove(removeOnClose);
    }

    @Override
    public String toString() {
        return "installation " + root;
    }
}
