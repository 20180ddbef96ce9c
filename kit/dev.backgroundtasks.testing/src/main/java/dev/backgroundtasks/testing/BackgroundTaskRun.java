package dev.backgroundtasks.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

import dev.backgroundtasks.testing.internal.DefaultSignals;
import dev.backgroundtasks.testing.internal.OutputLines;

/**
 * One run of a task exactly as a user starts it: a forked {@code java -jar launcher.jar --backgroundtask
 * NAME ARG...} of a real installation, with the test's bundles dropped into {@code app/backgroundtasks/}.
 *
 * <pre>{@code
 * BackgroundTaskResult result = BackgroundTaskRun.task("cleanup")
 *         .bundles(Path.of(System.getProperty("task.bundle")))
 *         .args(dir.toString())
 *         .pref("cleanup.maxAgeDays", 7)
 *         .run();
 * assertEquals(0, result.exitCode(), result::toString);
 * }</pre>
 *
 * <p>The run happens in the installation given with {@link #in}, else in the one {@link WithInstallation}
 * provides for the running test class. The launcher gets a clean environment: this JVM's
 * {@code BACKGROUNDTASKS_*}, {@code JDK_JAVA_OPTIONS} and {@code JAVA_TOOL_OPTIONS} are not passed on (the
 * last two make the JVM print a line before the launcher starts); {@code TMPDIR} is a folder of its own,
 * {@code BACKGROUNDTASKS_DATA_DIR} and {@code BACKGROUNDTASKS_RUNTIME_DIR} the installation's. Standard
 * input is empty. The launcher starts with default signal dispositions ({@code env --default-signal}
 * where available), so a signal the test sends reaches it even when the build runs under {@code nohup}.
 * A run that outlives its {@link #timeout} is stopped (SIGTERM, then killed) and fails the
 * test with {@link RunTimedOutError}.
 */
public final class BackgroundTaskRun {
    /** How long a run may take unless {@link #timeout} says otherwise. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(2);

    private static final List<String> NOT_INHERITED = List.of("JDK_JAVA_OPTIONS", "JAVA_TOOL_OPTIONS", "_JAVA_OPTIONS");

    private final String taskName;
    private final List<String> launcherArguments;
    private TaskInstallation installation;
    private final List<String> args = new ArrayList<>();
    private final List<String> launcherOptions = new ArrayList<>();
    private final List<String> jvmOptions = new ArrayList<>();
    private final Map<String, String> env = new LinkedHashMap<>();
    private final List<Path> bundles = new ArrayList<>();
    private final Map<String, String> prefs = new LinkedHashMap<>();
    private Path profile;
    private boolean keepProfile;
    private boolean attachConsole;
    private boolean testingTasks;
    private Consumer<String> stdoutListener;
    private Consumer<String> stderrListener;
    private Duration timeout = DEFAULT_TIMEOUT;
    private Path java;
    private Path script;
    private Path tmpdir;
    private boolean unreadStdout;
    private boolean unreadStderr;
    private boolean warmable;
    private final List<String> wrapper = new ArrayList<>();

    private BackgroundTaskRun(String taskName, List<String> launcherArguments) {
        this.taskName = taskName;
        this.launcherArguments = launcherArguments;
    }

    /** A run of task {@code name}; the name goes to the launcher verbatim (a bad one exits 7). */
    public static BackgroundTaskRun task(String name) {
        return new BackgroundTaskRun(Objects.requireNonNull(name, "name"), List.of());
    }

    /** The launcher with these arguments and no task: {@code --list-tasks}, {@code --version}, a bad command line. */
    public static BackgroundTaskRun launcher(String... arguments) {
        return new BackgroundTaskRun(null, List.of(arguments));
    }

    /** The installation to run in; without it, the one {@link WithInstallation} provides. */
    public BackgroundTaskRun in(TaskInstallation installation) {
        this.installation = Objects.requireNonNull(installation, "installation");
        return this;
    }

    /**
     * Arguments after the task's name, appended. As on a real command line, the launcher consumes its own
     * options among them; put {@code "--"} first to pass everything verbatim.
     */
    public BackgroundTaskRun args(String... arguments) {
        args.addAll(Arrays.asList(arguments));
        return this;
    }

    /** An environment variable of the launcher's process; a null value removes one it would get. */
    public BackgroundTaskRun env(String name, String value) {
        env.put(Objects.requireNonNull(name, "name"), value);
        return this;
    }

    /**
     * Bundles dropped into the installation's {@code app/backgroundtasks/} before the run, under their own
     * file names: the task bundle under test and the libraries it imports. They stay for later runs in
     * the same installation (see {@link TaskInstallation#drop}).
     */
    public BackgroundTaskRun bundles(Path... paths) {
        bundles.addAll(Arrays.asList(paths));
        return this;
    }

    /** {@code --pref NAME=VALUE}: a preference for this run, as a string, an int or a boolean. */
    public BackgroundTaskRun pref(String name, Object value) {
        prefs.put(Objects.requireNonNull(name, "name"), String.valueOf(value));
        return this;
    }

    /** {@code --profile DIR}: the profile to use, created if missing, never removed. */
    public BackgroundTaskRun profile(Path directory) {
        this.profile = directory.toAbsolutePath();
        return this;
    }

    /**
     * Keeps the run's ephemeral profile ({@code BACKGROUNDTASKS_NO_REMOVE_PROFILE}) for the test to look
     * into: {@link BackgroundTaskResult#profile()}. It goes with the installation.
     */
    public BackgroundTaskRun keepProfile() {
        this.keepProfile = true;
        return this;
    }

    /** {@code --attach-console}: a no-output task prints anyway. */
    public BackgroundTaskRun attachConsole() {
        this.attachConsole = true;
        return this;
    }

    /** The platform's test-only tasks ({@code success}, {@code exitcode N}, ...) are found in this run. */
    public BackgroundTaskRun testingTasks() {
        this.testingTasks = true;
        return this;
    }

    /** Launcher options placed before {@code --backgroundtask}, verbatim. */
    public BackgroundTaskRun launcherOptions(String... options) {
        launcherOptions.addAll(Arrays.asList(options));
        return this;
    }

    /** Options of the launcher's JVM, before {@code -jar} ({@code -Xmx64m}, {@code -Dfile.encoding=...}). */
    public BackgroundTaskRun jvmOptions(String... options) {
        jvmOptions.addAll(Arrays.asList(options));
        return this;
    }

    /** The {@code java} executable to run the launcher with (another JDK); default: this JVM's. */
    public BackgroundTaskRun java(Path executable) {
        this.java = executable;
        return this;
    }

    /**
     * Starts the launcher through a script that takes the launcher's arguments, such as the installation's
     * {@code bin/backgroundtask}, instead of {@code java -jar launcher.jar}: the script chooses the JVM
     * ({@code BACKGROUNDTASKS_JAVA}, see README "bin/backgroundtask"), so {@link #java} and
     * {@link #jvmOptions} do not apply.
     */
    public BackgroundTaskRun script(Path executable) {
        this.script = executable;
        return this;
    }

    /**
     * Called with each line of the task's standard output as it is printed, on a thread of the harness,
     * while the run goes on. An exception or failed assertion in it fails the run once it is over.
     */
    public BackgroundTaskRun onStdoutLine(Consumer<String> listener) {
        this.stdoutListener = listener;
        return this;
    }

    /** Like {@link #onStdoutLine}, for standard error. */
    public BackgroundTaskRun onStderrLine(Consumer<String> listener) {
        this.stderrListener = listener;
        return this;
    }

    /** How long the run may take, from its start, before the harness stops it and fails; default 2 minutes. */
    public BackgroundTaskRun timeout(Duration duration) {
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("timeout must be positive: " + duration);
        }
        this.timeout = duration;
        return this;
    }

    /**
     * The run's {@code TMPDIR}, where its ephemeral profile is made, instead of a new folder of its own: to
     * find the profiles of several runs in one folder ({@link BackgroundTaskResult#ephemeralProfilesIn}),
     * or to plant a file where the profile will go. The folder must exist; it is not removed.
     */
    public BackgroundTaskRun tmpdir(Path directory) {
        this.tmpdir = directory.toAbsolutePath();
        return this;
    }

    /**
     * A command the launcher is started through, as a script or a scheduler would start it: it ends by
     * exec'ing its arguments, the launcher's command line: {@code sh -c 'trap "" INT; exec "$@"' sh}.
     */
    public BackgroundTaskRun wrappedIn(String... command) {
        wrapper.addAll(Arrays.asList(command));
        return this;
    }

    /**
     * The harness never reads the launcher's standard output: its pipe fills up as under a paused
     * {@code | less}, for a test of what a run does when its output blocks. The result has no stdout lines.
     */
    public BackgroundTaskRun unreadStdout() {
        this.unreadStdout = true;
        return this;
    }

    /** Like {@link #unreadStdout()}, for standard error. */
    public BackgroundTaskRun unreadStderr() {
        this.unreadStderr = true;
        return this;
    }

    /**
     * The run's working directory and {@code TMPDIR} are its installation's shared ones instead of a new
     * folder per run: the warm host's key covers both (and the whole environment and JVM options), so
     * only runs that share them can be served by the same warm host (README "Warm host").
     */
    public BackgroundTaskRun warmable() {
        this.warmable = true;
        return this;
    }

    /**
     * Runs this (a {@link #warmable} run) again and again until one went warm, as its run-history record
     * says ({@code "warm":true}), and returns that run; each cold run starts a warm host for the next
     * one. The bound is the whole wait: {@link AssertionError} with the last run when it passes. The task
     * must opt in ({@code warmHost = true}) or the run set {@code BACKGROUNDTASKS_WARM_HOST=always}.
     */
    public BackgroundTaskResult runUntilWarm(Duration bound) {
        warmable();
        TaskInstallation in = installation != null ? installation : InstallationExtension.current()
                .orElseThrow(() -> new IllegalStateException("no installation: call in(installation), or annotate "
                        + "the test class with @WithInstallation"));
        long deadline = System.nanoTime() + bound.toNanos();
        String task = "\"task\":\"" + taskName + "\"";
        while (true) {
            int before = in.historyLines().size();
            BackgroundTaskResult result = run();
            List<String> lines = in.historyLines();
            for (String line : lines.subList(Math.min(before, lines.size()), lines.size())) {
                if (line.contains(task) && line.contains("\"warm\":true")) {
                    return result;
                }
            }
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("no run of " + taskName + " went warm within " + bound + "; the last: " + result);
            }
        }
    }

    /** Runs and waits for the launcher to exit. */
    public BackgroundTaskResult run() {
        try (RunningTask running = start()) {
            return running.await();
        }
    }

    /** Starts the run and returns at once: to signal it, or to act while it runs. */
    public RunningTask start() {
        TaskInstallation in = installation != null ? installation : InstallationExtension.current()
                .orElseThrow(() -> new IllegalStateException("no installation: call in(installation), or annotate "
                        + "the test class with @WithInstallation"));
        in.drop(bundles.toArray(Path[]::new));
        Path folder = warmable ? in.sharedRunFolder() : in.newRunFolder(taskName != null ? taskName : "launcher");
        Path tmp = tmpdir != null ? tmpdir : folder.resolve("tmp");
        List<String> command = new ArrayList<>(wrapper);
        command.addAll(DefaultSignals.PREFIX);
        command.addAll(command(in));
        ProcessBuilder builder = new ProcessBuilder(command).directory(folder.toFile());
        Map<String, String> environment = builder.environment();
        environment.keySet().removeIf(k -> k.startsWith("BACKGROUNDTASKS_") || NOT_INHERITED.contains(k));
        environment.put("TMPDIR", tmp.toString());
        environment.put("BACKGROUNDTASKS_DATA_DIR", in.dataDirectory().toString());
        environment.put("BACKGROUNDTASKS_RUNTIME_DIR", in.runtimeDirectory().toString());
        if (keepProfile) {
            environment.put("BACKGROUNDTASKS_NO_REMOVE_PROFILE", "1");
        }
        if (testingTasks || in.testingTasksVisible()) {
            environment.put("BACKGROUNDTASKS_TESTING_DIR", in.testingTasks().toString());
        }
        apply(in.environment(), environment);
        apply(env, environment);
        long startNanos = System.nanoTime();
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
        try {
            process.getOutputStream().close(); // empty standard input, as under cron
        } catch (IOException ignored) {
            // nothing to close
        }
        String label = "task " + (taskName != null ? taskName : "launcher") + " pid " + process.pid();
        OutputLines out = unreadStdout ? OutputLines.none()
                : OutputLines.read(process.getInputStream(), stdoutListener, label + " stdout");
        OutputLines err = unreadStderr ? OutputLines.none()
                : OutputLines.read(process.getErrorStream(), stderrListener, label + " stderr");
        Path explicitProfile = profile != null ? profile
                : environment.containsKey("BACKGROUNDTASKS_PROFILE_PATH")
                        ? Path.of(environment.get("BACKGROUNDTASKS_PROFILE_PATH")).toAbsolutePath() : null;
        RunningTask running = new RunningTask(in, process, command, out, err, startNanos, timeout, taskName, tmp,
                explicitProfile);
        in.started(running);
        return running;
    }

    private static void apply(Map<String, String> changes, Map<String, String> environment) {
        changes.forEach((name, value) -> {
            if (value == null) {
                environment.remove(name);
            } else {
                environment.put(name, value);
            }
        });
    }

    /** The command line this run starts, for the given installation. */
    List<String> command(TaskInstallation in) {
        List<String> command = new ArrayList<>();
        if (script != null) {
            command.add(script.toString());
        } else {
            command.add(java != null ? java.toString()
                    : Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(jvmOptions);
            command.add("-jar");
            command.add(in.launcherJar().toString());
        }
        command.addAll(launcherOptions);
        Map<String, String> allPrefs = in.prefs();
        allPrefs.putAll(prefs);
        allPrefs.forEach((name, value) -> command.add("--pref=" + name + "=" + value));
        if (attachConsole) {
            command.add("--attach-console");
        }
        if (profile != null) {
            command.add("--profile=" + profile);
        }
        if (taskName != null) {
            command.add("--backgroundtask");
            command.add(taskName);
            command.addAll(args);
        } else {
            command.addAll(launcherArguments);
            command.addAll(args);
        }
        return command;
    }
}
