package dev.backgroundtasks.launcher.internal;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.backgroundtasks.api.ExitCode;
import dev.backgroundtasks.scheduler.EventLoop;

/**
 * The launcher's steps, in order: parse the command line, find the task, decide the output, prepare
 * the profile, layer the preferences, compute the bundles the task needs, run it in Felix, shut down,
 * clean up, and return the exit code. Only {@code Main} exits the JVM.
 */
public final class Launcher {
    private final Map<String, String> env;
    private final Console console;
    private final PrintStream out;
    private Watchdog watchdog;
    private int exitCode;

    public Launcher(Map<String, String> env, PrintStream out, PrintStream err) {
        this.env = env;
        this.out = out;
        this.console = new Console(out, err);
    }

    public int run(String... args) {
        LaunchRequest request;
        try {
            request = LauncherCommandLine.parse(args);
        } catch (UsageException e) {
            console.failure(e.getMessage() + " (see --help)");
            return ExitCode.USAGE;
        }
        switch (request.action()) {
            case HELP:
                out.println(LauncherCommandLine.USAGE);
                return ExitCode.SUCCESS;
            case VERSION:
                out.println("Background Tasks for OSGi " + Installation.locate().version());
                return ExitCode.SUCCESS;
            case LIST_TASKS:
                return listTasks(Installation.locate());
            case NORMAL:
                console.failure("normal mode is not available in this version; run a task with --backgroundtask NAME");
                return ExitCode.FAILURE;
            case RUN_TASK:
                return runTask(Installation.locate(), request);
            default:
                throw new AssertionError(request.action());
        }
    }

    /** Keeps the watchdog armed through the JVM's exit, so that a hanging shutdown hook cannot hang it. */
    public void guardExit(int code) {
        if (watchdog != null) {
            watchdog.arm(System.nanoTime() + 10_000_000_000L, code, "the JVM did not exit");
        }
    }

    private int runTask(Installation installation, LaunchRequest request) {
        String name = request.taskName();
        if (request.detach() || request.debugger()) {
            console.failure("--detach and --debugger are not available in this version; run the task without them");
            return ExitCode.FAILURE;
        }
        Phases phases = new Phases(console);
        TaskLookup lookup = TaskLookup.scan(installation, env);
        lookup.skippedWarnings().forEach(console::warnAlways);
        TaskLookup.Found found = lookup.find(name);
        found.warnings().forEach(console::warnAlways);
        if (found.task().isEmpty()) {
            console.release(false);
            console.failure("no background task named '" + name + "' in " + searched(lookup)
                    + "; --list-tasks shows the tasks found");
            return ExitCode.NOT_FOUND;
        }
        TaskLookup.TaskDeclaration task = found.task().get();
        TaskSettings settings = task.settings();
        boolean noOutput = settings.noOutput() && !request.attachConsole()
                && isEmpty(env.get("BACKGROUNDTASKS_IGNORE_NO_OUTPUT"));
        if (noOutput) {
            console.silence();
        } else {
            console.release(true);
        }

        LayeredPreferences prefs = new LayeredPreferences();
        prefs.layer(LayeredPreferences.read(installation.defaults().resolve("prefs.properties")));
        prefs.layer(LayeredPreferences.read(installation.defaults().resolve("backgroundtasks.properties")));

        Profile profile;
        try {
            profile = profile(installation, request, task);
        } catch (Profile.ProfileException e) {
            console.failure(e.getMessage());
            return ExitCode.FAILURE;
        }
        Thread cleanup = new Thread(profile::close, "backgroundtasks-profile-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
        try {
            prefs.profileLayer(profile.directory().resolve(LayeredPreferences.PROFILE_FILE), !profile.isEphemeral());
            Map<String, Object> commandLinePrefs = new HashMap<>();
            request.prefs().forEach((k, v) -> commandLinePrefs.put(k, LayeredPreferences.parse(v)));
            prefs.layer(commandLinePrefs);
            console.level(Console.Level.of(prefs.getString(LayeredPreferences.LOGLEVEL, "error")));
            phases.end("lookup and profile");
            for (String unknown : prefs.unknownPlatformNames()) {
                console.warnAlways("unknown preference " + unknown + " (a typo?)");
            }
            long timeoutSec = settings.timeoutSec() > 0 ? settings.timeoutSec()
                    : positive(prefs.getInt(LayeredPreferences.DEFAULT_TIMEOUT_SEC, 600), 600);
            long minRuntimeMs = settings.minRuntimeMs() >= 0 ? settings.minRuntimeMs()
                    : Math.max(0, prefs.getInt(LayeredPreferences.DEFAULT_MIN_RUNTIME_MS, 500));
            long shutdownSec = positive(prefs.getInt(LayeredPreferences.SHUTDOWN_TIMEOUT_SEC, 10), 10);
            TaskRun.Limits limits = new TaskRun.Limits(timeoutSec * 1000, minRuntimeMs, shutdownSec * 1000, false);

            Map<String, String> packages = platformPackages(installation);
            List<BundleManifest> closure = new BundleClosure(new SystemBundleCapabilities(packages.keySet()))
                    .of(task.bundle(), lookup.candidates());
            console.debug("installing " + closure);
            phases.end("closure");

            Map<String, String> frameworkProperties = new HashMap<>();
            frameworkProperties.put("org.osgi.framework.system.packages.extra", systemPackagesExtra(packages));
            frameworkProperties.put("dev.backgroundtasks.mode", "background");
            frameworkProperties.put("dev.backgroundtasks.task", name);
            frameworkProperties.put("dev.backgroundtasks.installation", installation.root().toString());

            watchdog = new Watchdog(console, profile::close);
            TaskCommandLine commandLine = new TaskCommandLine(request.taskArguments());
            TaskRun run = new TaskRun(console, task, closure, frameworkProperties, limits, watchdog,
                    (EventLoop loop, RunShutdown shutdown) -> new RunContext(name, commandLine, profile.directory(),
                            profile.isEphemeral(), prefs, loop.scheduler(), shutdown));
            Signals.install(run::signal);
            JdkWarnings.quietFelixUnsafeWarning();
            Path storage = profile.directory().resolve("framework");
            int code = run.run(storage);
            Directories.removeTree(storage);
            return code;
        } finally {
            profile.close();
            if (watchdog != null) {
                watchdog.disarm();
            }
            try {
                Runtime.getRuntime().removeShutdownHook(cleanup);
            } catch (IllegalStateException exiting) {
                // already exiting: the hook runs and finds the profile closed
            }
        }
    }

    private Profile profile(Installation installation, LaunchRequest request, TaskLookup.TaskDeclaration task)
            throws Profile.ProfileException {
        String explicit = request.profile() != null ? request.profile() : env.get("BACKGROUNDTASKS_PROFILE_PATH");
        if (!isEmpty(explicit)) {
            return Profile.explicit(Path.of(explicit).toAbsolutePath());
        }
        String prefix = "BackgroundTask-" + installation.installHash() + "-" + task.name();
        if (task.settings().persistentProfile()) {
            Path data = PersistentProfiles.dataDirectory(env);
            try {
                return Profile.persistent(PersistentProfiles.directory(data, prefix, console));
            } catch (java.io.IOException | SecurityException e) {
                throw new Profile.ProfileException("cannot create a persistent profile in " + data + " ("
                        + e.getMessage() + "); set BACKGROUNDTASKS_DATA_DIR to a writable directory");
            }
        }
        Path tempRoot = Path.of(Optional.ofNullable(env.get("TMPDIR")).filter(t -> !t.isEmpty())
                .orElse(System.getProperty("java.io.tmpdir")));
        StaleProfiles.threshold(env.get("BACKGROUNDTASKS_PURGE_STALE_PROFILES"), console)
                .ifPresent(threshold -> StaleProfiles.purge(tempRoot, prefix, threshold)
                        .forEach(p -> console.info("removed stale profile " + p)));
        return Profile.ephemeral(tempRoot, prefix, isEmpty(env.get("BACKGROUNDTASKS_NO_REMOVE_PROFILE")));
    }

    /** The packages the system bundle exports from the launcher's class path, with their versions. */
    private static Map<String, String> platformPackages(Installation installation) {
        Map<String, String> packages = new java.util.LinkedHashMap<>();
        packages.put("dev.backgroundtasks.api", installation.apiPackageVersion());
        packages.put("dev.backgroundtasks.scheduler", installation.schedulerPackageVersion());
        return packages;
    }

    private static String systemPackagesExtra(Map<String, String> packages) {
        return "dev.backgroundtasks.api;version=\"" + packages.get("dev.backgroundtasks.api")
                + "\";uses:=\"dev.backgroundtasks.scheduler\","
                + "dev.backgroundtasks.scheduler;version=\"" + packages.get("dev.backgroundtasks.scheduler") + "\"";
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
        return ExitCode.SUCCESS;
    }

    private static String searched(TaskLookup lookup) {
        StringBuilder b = new StringBuilder();
        for (TaskLookup.Location l : lookup.locations()) {
            b.append(b.length() == 0 ? "" : ", ").append(l.folder());
        }
        return b.toString();
    }

    private static long positive(int value, int defaultValue) {
        return value > 0 ? value : defaultValue;
    }

    private static boolean isEmpty(String s) {
        return s == null || s.isEmpty();
    }
}
