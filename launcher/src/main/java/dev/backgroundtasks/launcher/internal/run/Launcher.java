package dev.backgroundtasks.launcher.internal.run;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.backgroundtasks.api.CommandLine;
import dev.backgroundtasks.api.DefaultProfile;
import dev.backgroundtasks.api.ExitCode;
import dev.backgroundtasks.api.FrameworkProperties;
import dev.backgroundtasks.scheduler.EventLoop;

import dev.backgroundtasks.launcher.internal.cli.LaunchRequest;
import dev.backgroundtasks.launcher.internal.cli.LauncherCommandLine;
import dev.backgroundtasks.launcher.internal.cli.UsageException;
import dev.backgroundtasks.launcher.internal.files.Installation;
import dev.backgroundtasks.launcher.internal.files.SafeFiles;
import dev.backgroundtasks.launcher.internal.lookup.BundleClosure;
import dev.backgroundtasks.launcher.internal.lookup.BundleManifest;
import dev.backgroundtasks.launcher.internal.lookup.ConfFolder;
import dev.backgroundtasks.launcher.internal.lookup.ManifestIndex;
import dev.backgroundtasks.launcher.internal.lookup.SystemBundleCapabilities;
import dev.backgroundtasks.launcher.internal.lookup.TaskLookup;
import dev.backgroundtasks.launcher.internal.lookup.TaskSettings;
import dev.backgroundtasks.launcher.internal.output.Console;
import dev.backgroundtasks.launcher.internal.output.Phases;
import dev.backgroundtasks.launcher.internal.process.Debugger;
import dev.backgroundtasks.launcher.internal.process.DetachedProcesses;
import dev.backgroundtasks.launcher.internal.process.WarmHosts;
import dev.backgroundtasks.launcher.internal.process.WarmKey;
import dev.backgroundtasks.launcher.internal.profile.DefaultProfileService;
import dev.backgroundtasks.launcher.internal.profile.LayeredPreferences;
import dev.backgroundtasks.launcher.internal.profile.PersistentProfiles;
import dev.backgroundtasks.launcher.internal.profile.Profile;
import dev.backgroundtasks.launcher.internal.profile.RuntimeDirectory;
import dev.backgroundtasks.launcher.internal.profile.StaleProfiles;
import dev.backgroundtasks.launcher.internal.updates.CrashAfter;
import dev.backgroundtasks.launcher.internal.updates.Updates;

/**
 * The launcher's steps, in order: parse the command line, find the task, decide the output, prepare
 * the profile, layer the preferences, compute the bundles the task needs, run it in Felix, shut down,
 * clean up, and return the exit code. What a run holds belongs to its {@link RunScope}; normal mode's
 * own steps are {@link NormalRun}'s. Only {@code Main} exits the JVM.
 */
public final class Launcher {
    private final LaunchEnvironment launch;
    private final Map<String, String> env;
    private final Console console;
    private final PrintStream out;
    private final Updates.Progress updateProgress;
    private Watchdog watchdog;
    private final RunHistory history;
    /** The run's task may run warm, and a cold run of it starts a warm host for the next one. */
    private boolean startsWarmHost;
    private final PreparedFramework prepared;
    private TaskLookup handedLookup;

    public Launcher(LaunchEnvironment launch) {
        this(launch, null);
    }

    /**
     * A warm host's launcher: {@code prepared} (may be null) is a framework made ready for the run expected,
     * logging to its console on the launch's streams; the run adopts it only when it fits exactly.
     */
    public Launcher(LaunchEnvironment launch, PreparedFramework prepared) {
        this.launch = launch;
        this.prepared = prepared;
        this.env = launch.env();
        this.out = launch.out();
        this.console = prepared != null ? prepared.console() : new Console(launch.out(), launch.err());
        this.updateProgress = CrashAfter.from(env, console);
        this.history = new RunHistory(launch.switches());
    }

    public int run(String... args) {
        try {
            return dispatch(args);
        } catch (SafeFiles.Refusal e) { // a file of the platform's own that cannot be used: one line, exit 1
            console.failure(e.getMessage());
            return ExitCode.FAILURE;
        } catch (java.nio.file.InvalidPathException e) { // a path no variable-specific check named (docs/reliability.md, rule 12)
            console.failure("a path cannot be encoded under the platform encoding " + System.getProperty("sun.jnu.encoding")
                    + " (" + e.getMessage() + "); run under a UTF-8 locale (LC_ALL=C.UTF-8)");
            return ExitCode.FAILURE;
        }
    }

    private int dispatch(String... args) {
        Phases phases = new Phases(console, launch.startNanos());
        LaunchRequest request;
        try {
            request = LauncherCommandLine.parse(args);
        } catch (UsageException e) {
            console.failure(e.getMessage() + " (see --help)");
            return ExitCode.USAGE;
        }
        phases.end("commandLine");
        switch (request.action()) {
            case HELP:
                out.println(LauncherCommandLine.USAGE);
                return ExitCode.SUCCESS;
            case VERSION:
                out.println("Background Tasks for OSGi " + launch.installation().get().version());
                return ExitCode.SUCCESS;
            case LIST_TASKS:
                return listTasks(launch.installation().get());
            case NORMAL:
                warnAboutEncoding();
                return new NormalRun(launch, console, phases, updateProgress).run(launch.installation().get(), request);
            case RUN_TASK:
                warnAboutEncoding();
                Installation installation = launch.installation().get();
                int code = history.around(installation, env, console, request, () -> runTask(installation, request, phases));
                if (startsWarmHost) {
                    WarmHosts.afterColdRun(installation, env, List.of(args));
                }
                return code;
            default:
                throw new AssertionError(request.action());
        }
    }

    /**
     * A warm host's acceptance check looked the task up moments before the run, through the same index, with
     * the same installation and environment: the run's lookup is that one.
     */
    public void handOver(TaskLookup lookup) {
        handedLookup = lookup;
    }

    /** Keeps the watchdog armed through the JVM's exit, so that a hanging shutdown hook cannot hang it. */
    public void guardExit(int code) {
        if (watchdog != null) {
            watchdog.arm(System.nanoTime() + 10_000_000_000L, code, "the JVM did not exit");
        }
    }

    private int runTask(Installation installation, LaunchRequest request, Phases phases) {
        String name = request.taskName();
        List<String> taskArguments = request.taskArguments();
        if (!isEmpty(env.get(DetachedProcesses.ARGUMENTS_VARIABLE))) {
            console.warnAlways(DetachedProcesses.ARGUMENTS_VARIABLE + " is ignored: a task's arguments come from its command line");
        }
        if (request.argumentsFromStdin()) { // the hand-off from a parent that detached this run
            taskArguments = DetachedProcesses.readArguments(launch.in(), console).orElse(taskArguments);
        }
        TaskLookup lookup = handedLookup != null ? handedLookup
                : TaskLookup.scan(installation, env, ManifestIndex.in(runtimeIfExists(installation)));
        handedLookup = null;
        lookup.skippedWarnings().forEach(console::warnAlways);
        TaskLookup.Found found = lookup.find(name);
        found.warnings().forEach(console::warnAlways);
        if (found.task().isEmpty() && lookup.skippedDeclaring(name).isPresent()) {
            console.release(false); // the task's own bundle is malformed: it failed to load (docs/reliability.md, rule 10)
            TaskLookup.Skipped own = lookup.skippedDeclaring(name).get();
            console.failure("task '" + name + "' failed to load: its bundle " + own.file() + " is skipped: " + own.reason());
            return ExitCode.LOAD_FAILED;
        }
        if (found.task().isEmpty()) {
            console.release(false);
            console.failure("no background task named '" + name + "' in " + searched(lookup)
                    + "; --list-tasks shows the tasks found");
            return ExitCode.NOT_FOUND;
        }
        TaskLookup.TaskDeclaration task = found.task().get();
        history.found(task.settings().persistentProfile());
        phases.end("lookup");
        if (request.debugger()) {
            console.release(false);
            return Debugger.run(installation, request, console, launch.signals());
        }
        TaskSettings settings = task.settings();
        boolean noOutput = settings.noOutput() && !request.attachConsole()
                && isEmpty(env.get("BACKGROUNDTASKS_IGNORE_NO_OUTPUT"));
        if (noOutput && !request.detach()) {
            console.silence();
        } else {
            console.release(!request.detach());
        }

        LayeredPreferences prefs = LayeredPreferences.backgroundDefaults(installation.defaults());

        Map<String, String> packages = platformPackages(installation);
        ConfFolder conf = ConfFolder.of(installation);
        List<BundleManifest> closure = closure(installation, lookup, task, conf);
        lookup.replacedWarnings(closure).forEach(console::warnAlways);
        if (request.detach()) {
            return detach(installation, request, task, closure, packages, taskArguments, phases);
        }
        try (RunScope scope = new RunScope(installation, env, console, phases)) {
            Updates.Outcome updates;
            Profile profile;
            try {
                updates = scope.updates(settings.updating(), updateProgress);
                if (updates.status().changedInstallation()) {
                    // the installation changed under the lookup: look again
                    lookup = TaskLookup.scan(installation, env, ManifestIndex.in(scope.runtime().path()));
                    Optional<TaskLookup.TaskDeclaration> again = lookup.find(name).task();
                    if (again.isPresent()) {
                        task = again.get();
                        closure = closure(installation, lookup, task, conf);
                    }
                }
                if (settings.exclusive()) {
                    Optional<RuntimeDirectory.Lock> exclusive = exclusiveLock(scope.runtime(), name);
                    if (exclusive.isEmpty()) {
                        console.failure("another instance of the exclusive task '" + name
                                + "' is running for this installation; try again when it has finished");
                        return ExitCode.ALREADY_RUNNING;
                    }
                    scope.holdExclusive(exclusive.get());
                }
                profile = scope.hold(profile(installation, request, task), history::halting);
            } catch (Profile.ProfileException e) {
                console.failure(e.getMessage());
                return ExitCode.FAILURE;
            }
            watchdog = scope.watchdog();
            scope.layerPreferences(prefs, request, !profile.isEphemeral());
            for (String unknown : prefs.unknownPlatformNames()) {
                console.warnAlways("unknown preference " + unknown + " (a typo?)");
            }
            phases.end("profile");
            startsWarmHost = !history.warm() && warmHostAllowed(settings, prefs);
            TaskRun.Limits limits = limits(settings, prefs);
            console.debug("installing " + closure);

            Map<String, String> frameworkProperties = taskProperties(installation, env, name, scope.frameworkProperties(
                    FrameworkProperties.MODE_BACKGROUND, prefs, updates, request, closure, conf));

            CommandLine commandLine = CommandLine.of(taskArguments);
            Optional<Path> defaultProfile = DefaultProfileService.locate(env, installation.installHash());
            GraphReport graph = scope.graph(FrameworkProperties.MODE_BACKGROUND, name);
            TaskRun run = new TaskRun(console, task, closure, frameworkProperties, limits, watchdog,
                    (EventLoop loop, RunShutdown shutdown) -> new RunContext(name, commandLine, profile.directory(),
                            profile.isEphemeral(), prefs, loop.scheduler(), shutdown),
                    (context, shutdown) -> context.registerService(DefaultProfile.class,
                            new DefaultProfileService(defaultProfile),
                            scope.registerServices(context, FrameworkProperties.MODE_BACKGROUND, prefs, shutdown)),
                    phases, graph);
            launch.signals().receive(run::signal);
            int code;
            if (prepared != null && prepared.fits(name, closure, frameworkProperties)) {
                if (graph != null) {
                    graph.prepared();
                }
                code = run.run(scope.adopt(prepared), null);
            } else {
                if (prepared != null) {
                    prepared.discard(); // its slot is free for this run again
                }
                code = run.run(scope.session(), scope.storage(closure));
            }
            return scope.finish(code, graph);
        }
    }

    /**
     * Whether the task may run on a warm host (docs/reference/environment.md: BACKGROUNDTASKS_WARM_HOST):
     * Linux, not turned off by the variable or the preference, and the task opts in (or the variable says always).
     */
    private boolean warmHostAllowed(TaskSettings settings, LayeredPreferences prefs) {
        if (WarmKey.modeInvalid(env)) {
            console.warnAlways(WarmKey.MODE_VARIABLE + "=" + env.get(WarmKey.MODE_VARIABLE)
                    + " is none of off, auto, always: treated as auto");
        }
        String mode = WarmKey.mode(env);
        return WarmKey.supported() && !"off".equals(mode) && !"off".equals(prefs.getString(WarmKey.PREFERENCE, "auto"))
                && !settings.updating() && (settings.warmHost() || "always".equals(mode));
    }

    /** A background run's framework properties: {@code properties} (both modes'), the task's name and the history's folder. */
    static Map<String, String> taskProperties(Installation installation, Map<String, String> env, String name,
            Map<String, String> properties) {
        properties.put(FrameworkProperties.TASK, name);
        properties.put(FrameworkProperties.HISTORY_DIR, RunHistory.folder(env, installation.installHash()).toString());
        return properties;
    }

    /** The task's bundle, what its resolution needs, and the logging and configuration bundles that apply. */
    static List<BundleManifest> closure(Installation installation, TaskLookup lookup,
            TaskLookup.TaskDeclaration task, ConfFolder conf) {
        List<BundleManifest> closure = new BundleClosure(new SystemBundleCapabilities(platformPackages(installation).keySet()))
                .of(task.bundle(), lookup.candidates());
        return LoggingAndConfiguration.complete(closure, lookup.candidates(), installation, conf);
    }

    /** The task's exclusive lock, or empty when another instance holds it. */
    private static Optional<RuntimeDirectory.Lock> exclusiveLock(RuntimeDirectory runtime, String name)
            throws Profile.ProfileException {
        try {
            return runtime.tryLock("exclusive-" + name + ".lock", false);
        } catch (IOException e) {
            throw new Profile.ProfileException("cannot take the exclusive lock of task '" + name + "' in "
                    + runtime.path() + " (" + e.getMessage() + ")");
        }
    }

    /** The task's timeout, minimum runtime and shutdown budget: its settings, else the preferences. */
    private TaskRun.Limits limits(TaskSettings settings, LayeredPreferences prefs) {
        long timeoutSec = settings.timeoutSec() > 0 ? settings.timeoutSec()
                : positive(prefs.getInt(LayeredPreferences.DEFAULT_TIMEOUT_SEC, 600), 600);
        long minRuntimeMs = settings.minRuntimeMs() >= 0 ? settings.minRuntimeMs()
                : Math.max(0, prefs.getInt(LayeredPreferences.DEFAULT_MIN_RUNTIME_MS, 500));
        long shutdownSec = positive(prefs.getInt(LayeredPreferences.SHUTDOWN_TIMEOUT_SEC, 10), 10);
        return new TaskRun.Limits(timeoutSec * 1000, minRuntimeMs, shutdownSec * 1000, launch.underDebugger());
    }

    /**
     * {@code --detach}: look the task up and resolve its bundles without starting them (2, 5 or 7 here),
     * then start the task in its own session and print the child JVM's pid.
     */
    private int detach(Installation installation, LaunchRequest request, TaskLookup.TaskDeclaration task,
            List<BundleManifest> closure, Map<String, String> packages, List<String> taskArguments, Phases phases) {
        Path storage;
        try {
            storage = java.nio.file.Files.createTempDirectory("backgroundtasks-detach-");
        } catch (IOException e) {
            console.failure("cannot create a temporary directory (" + e.getMessage() + "); check TMPDIR");
            return ExitCode.FAILURE;
        }
        try {
            Map<String, String> properties = new HashMap<>();
            properties.put("org.osgi.framework.system.packages.extra", systemPackagesExtra(packages));
            String failure = TaskRun.checkResolves(console, closure, properties, storage, phases);
            if (failure != null) {
                console.failure("task '" + task.name() + "' failed to load: " + failure);
                return ExitCode.LOAD_FAILED;
            }
        } finally {
            SafeFiles.removeTree(storage);
        }
        LayeredPreferences prefs = new LayeredPreferences();
        prefs.layer(commandLinePrefs(request));
        List<String> options = new ArrayList<>();
        if (request.profile() != null) {
            options.add("--profile=" + Path.of(request.profile()).toAbsolutePath());
        }
        request.prefs().forEach((k, v) -> options.add("--pref=" + k + "=" + v));
        Process child = new DetachedProcesses(installation, prefs).start(task.name(), taskArguments, options);
        out.println(child.pid());
        out.flush();
        return ExitCode.SUCCESS;
    }

    static Map<String, Object> commandLinePrefs(LaunchRequest request) {
        Map<String, Object> values = new LinkedHashMap<>();
        request.prefs().forEach((k, v) -> values.put(k, LayeredPreferences.parse(v)));
        return values;
    }

    /** The runtime directory when an earlier run created it (the manifest index lives there). */
    private Path runtimeIfExists(Installation installation) {
        Path dir = RuntimeDirectory.location(env, installation.installHash());
        return java.nio.file.Files.isDirectory(dir) ? dir : null;
    }

    /** The framework properties both modes share. */
    static Map<String, String> frameworkProperties(Installation installation, RuntimeDirectory runtime,
            Map<String, String> packages, LayeredPreferences prefs) {
        Map<String, String> properties = new HashMap<>();
        properties.put("org.osgi.framework.system.packages.extra", systemPackagesExtra(packages));
        properties.put(FrameworkProperties.INSTALLATION, installation.root().toString());
        properties.put(FrameworkProperties.INSTALLATION_HASH, installation.installHash());
        properties.put(FrameworkProperties.RUNTIME_DIR, runtime.path().toString());
        // preferences that bundles outside the task need before any service exists (the actors' component)
        for (String name : List.of(LayeredPreferences.SLOW_HANDLER_MS, LayeredPreferences.SHUTDOWN_TIMEOUT_SEC)) {
            int value = prefs.getInt(name, -1);
            if (value >= 0) {
                properties.put(FrameworkProperties.PREFERENCE_PREFIX + name, Integer.toString(value));
            }
        }
        return properties;
    }

    private Profile profile(Installation installation, LaunchRequest request, TaskLookup.TaskDeclaration task)
            throws Profile.ProfileException {
        String explicit = request.profile() != null ? request.profile() : env.get("BACKGROUNDTASKS_PROFILE_PATH");
        if (!isEmpty(explicit)) {
            return Profile.explicit(SafeFiles.pathOf(request.profile() != null ? "--profile" : "BACKGROUNDTASKS_PROFILE_PATH",
                    explicit).toAbsolutePath());
        }
        String prefix = "BackgroundTask-" + installation.installHash() + "-" + task.name();
        if (task.settings().persistentProfile()) {
            Path data = PersistentProfiles.dataDirectory(env);
            try {
                return Profile.persistent(PersistentProfiles.directory(data, prefix, console));
            } catch (IOException | SecurityException e) {
                throw new Profile.ProfileException("cannot create a persistent profile in " + data + " ("
                        + e.getMessage() + "); set BACKGROUNDTASKS_DATA_DIR to a writable directory");
            }
        }
        Path tempRoot = SafeFiles.pathOf("TMPDIR", Optional.ofNullable(env.get("TMPDIR")).filter(t -> !t.isEmpty())
                .orElse(System.getProperty("java.io.tmpdir")));
        StaleProfiles.threshold(env.get("BACKGROUNDTASKS_PURGE_STALE_PROFILES"), console)
                .ifPresent(threshold -> StaleProfiles.purge(tempRoot, prefix, threshold)
                        .forEach(p -> console.info("removed stale profile " + p)));
        return Profile.ephemeral(tempRoot, prefix, isEmpty(env.get("BACKGROUNDTASKS_NO_REMOVE_PROFILE")));
    }

    /** The packages the system bundle exports from the launcher's class path, with their versions. */
    static Map<String, String> platformPackages(Installation installation) {
        Map<String, String> packages = new LinkedHashMap<>();
        packages.put(FrameworkProperties.API_PACKAGE, installation.apiPackageVersion());
        packages.put(FrameworkProperties.SCHEDULER_PACKAGE, installation.schedulerPackageVersion());
        return packages;
    }

    /** jdk.net is given to the framework for the actors' SO_PEERCRED (docs/reference/java-api.md: the actors). */
    static String systemPackagesExtra(Map<String, String> packages) {
        return FrameworkProperties.API_PACKAGE + ";version=\"" + packages.get(FrameworkProperties.API_PACKAGE)
                + "\";uses:=\"" + FrameworkProperties.SCHEDULER_PACKAGE + "\","
                + FrameworkProperties.SCHEDULER_PACKAGE + ";version=\"" + packages.get(FrameworkProperties.SCHEDULER_PACKAGE)
                + "\"," + FrameworkProperties.JDK_NET_PACKAGE;
    }

    /** Under a non-UTF-8 locale the launcher's own command line may be lossy (docs/reference/command-line.md). */
    private void warnAboutEncoding() {
        String jnu = System.getProperty("sun.jnu.encoding", "UTF-8");
        try {
            if (!Charset.forName(jnu).equals(StandardCharsets.UTF_8)) {
                console.warnAlways("the platform encoding is " + jnu + ", not UTF-8: non-ASCII arguments and paths "
                        + "may be lossy; run under a UTF-8 locale (LC_ALL=C.UTF-8)");
            }
        } catch (IllegalArgumentException unknownCharset) { // an illegal or unsupported name (already loaded: no class to load)
            // nothing to say
        }
    }

    private int listTasks(Installation installation) {
        TaskLookup lookup = TaskLookup.scan(installation, env);
        for (TaskLookup.TaskDeclaration d : lookup.declarations()) {
            out.println(String.join("\t", d.name(), d.location().label(),
                    d.bundle().symbolicName() + ";version=" + d.bundle().version() + " " + d.bundle().file(),
                    d.settings().toString()) + (lookup.isShadowed(d) ? "\tshadowed" : ""));
        }
        for (TaskLookup.Skipped s : lookup.skipped()) {
            out.println(String.join("\t", "(skipped)", s.location().label(), s.file().toString(), s.reason()));
        }
        BundleClosure closures = new BundleClosure(new SystemBundleCapabilities(platformPackages(installation).keySet()));
        for (TaskLookup.Skipped s : lookup.unusedLibraries(closures)) {
            out.println(String.join("\t", "(unused)", s.location().label(), s.file().toString(), s.reason()));
        }
        return ExitCode.SUCCESS;
    }

    private static String searched(TaskLookup lookup) {
        List<String> folders = new ArrayList<>();
        lookup.locations().forEach(l -> folders.add(l.folder().toString()));
        return String.join(", ", folders);
    }

    static long positive(int value, int defaultValue) {
        return value > 0 ? value : defaultValue;
    }

    static boolean isEmpty(String s) {
        return s == null || s.isEmpty();
    }
}
