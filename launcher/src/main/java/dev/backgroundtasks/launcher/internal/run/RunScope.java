package dev.backgroundtasks.launcher.internal.run;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;

import org.osgi.framework.BundleContext;

import dev.backgroundtasks.api.BackgroundTasksRunner;
import dev.backgroundtasks.api.FrameworkProperties;
import dev.backgroundtasks.api.Preferences;
import dev.backgroundtasks.api.Shutdown;

import dev.backgroundtasks.launcher.internal.cli.LaunchRequest;
import dev.backgroundtasks.launcher.internal.files.Installation;
import dev.backgroundtasks.launcher.internal.files.SafeFiles;
import dev.backgroundtasks.launcher.internal.lookup.BundleManifest;
import dev.backgroundtasks.launcher.internal.lookup.ConfFolder;
import dev.backgroundtasks.launcher.internal.output.Console;
import dev.backgroundtasks.launcher.internal.output.Phases;
import dev.backgroundtasks.launcher.internal.process.DetachedProcesses;
import dev.backgroundtasks.launcher.internal.profile.LayeredPreferences;
import dev.backgroundtasks.launcher.internal.profile.Profile;
import dev.backgroundtasks.launcher.internal.profile.RuntimeDirectory;
import dev.backgroundtasks.launcher.internal.updates.Updates;

/**
 * What one run holds, in either mode, and the steps both modes share. It owns the runtime directory,
 * the installation lock (held shared from the update check to the end), the task's exclusive lock, the
 * profile with the shutdown hook that removes it, the watchdog and the framework session, and
 * {@link #close} releases them in one order on every path: framework, profile, exclusive lock,
 * installation lock, watchdog, shutdown hook.
 */
final class RunScope implements AutoCloseable {
    /** Where the graph report goes (docs/reference/environment.md). */
    static final String GRAPH_FILE = "BACKGROUNDTASKS_GRAPH_FILE";
    /** How long {@link #close} waits for a framework that the run did not stop itself. */
    private static final long LATE_STOP_NANOS = 5_000_000_000L;

    private final Installation installation;
    private final Map<String, String> env;
    private final Console console;
    private final Phases phases;
    private RuntimeDirectory runtime;
    private RuntimeDirectory.Lock installationLock;
    private RuntimeDirectory.Lock exclusive;
    private Profile profile;
    private Thread cleanupHook;
    private Watchdog watchdog;
    private FrameworkSession session;
    private FrameworkStorage storage;

    RunScope(Installation installation, Map<String, String> env, Console console, Phases phases) {
        this.installation = installation;
        this.env = env;
        this.console = console;
        this.phases = phases;
    }

    /** The installation's runtime directory, opened on first use. */
    RuntimeDirectory runtime() throws Profile.ProfileException {
        if (runtime == null) {
            runtime = RuntimeDirectory.open(env, installation.installHash());
        }
        return runtime;
    }

    /**
     * Staged updates at start (docs/reference/processes.md); the installation lock is held shared from
     * here to {@link #close}. An update that cannot be applied is one error line and the run goes on.
     */
    Updates.Outcome updates(boolean updating, Updates.Progress progress) throws Profile.ProfileException {
        try {
            Updates.Start start = new Updates(installation, runtime(), console, progress).atStart(updating);
            installationLock = start.shared();
            return start.outcome();
        } catch (IOException e) {
            console.error("the staged update could not be applied: " + e.getMessage());
            return Updates.Outcome.failed(e);
        }
    }

    /** Holds the task's exclusive lock until {@link #close}. */
    void holdExclusive(RuntimeDirectory.Lock lock) {
        exclusive = lock;
    }

    /**
     * Holds the run's profile: a shutdown hook removes it when the JVM exits another way, and the
     * watchdog removes it before it halts, after {@code beforeHalt}.
     */
    Profile hold(Profile held, IntConsumer beforeHalt) {
        profile = held;
        cleanupHook = new Thread(held::close, "backgroundtasks-profile-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanupHook);
        watchdog = new Watchdog(console, held::close);
        watchdog.beforeHalt(beforeHalt);
        return held;
    }

    Watchdog watchdog() {
        return watchdog;
    }

    /**
     * The profile's preferences over {@code prefs}, then {@code --pref} over those; the loglevel and the
     * log bridge follow the result.
     */
    LayeredPreferences layerPreferences(LayeredPreferences prefs, LaunchRequest request, boolean profileWritable) {
        prefs.profileLayer(profile.directory().resolve(LayeredPreferences.PROFILE_FILE), profileWritable);
        prefs.layer(Launcher.commandLinePrefs(request));
        console.level(Console.Level.of(prefs.getString(LayeredPreferences.LOGLEVEL, "error")));
        LogBridge.configure(console, prefs);
        return prefs;
    }

    /**
     * The framework properties of a run in {@code mode}, once {@link #updates} opened the runtime directory:
     * the installation's, the update outcome's and the configuration's ({@code closure} null: every bundle of the installation, normal mode).
     */
    Map<String, String> frameworkProperties(String mode, LayeredPreferences prefs, Updates.Outcome updates,
            LaunchRequest request, List<BundleManifest> closure, ConfFolder conf) {
        return frameworkProperties(installation, runtime, env, console, mode, prefs, updates, request, closure, conf);
    }

    /** {@link #frameworkProperties(String, LayeredPreferences, Updates.Outcome, LaunchRequest, List, ConfFolder)}, given all it reads. */
    static Map<String, String> frameworkProperties(Installation installation, RuntimeDirectory runtime,
            Map<String, String> env, Console console, String mode, LayeredPreferences prefs, Updates.Outcome updates,
            LaunchRequest request, List<BundleManifest> closure, ConfFolder conf) {
        Map<String, String> properties = Launcher.frameworkProperties(installation, runtime,
                Launcher.platformPackages(installation), prefs);
        properties.put(FrameworkProperties.MODE, mode);
        updates.frameworkProperties(properties, request.testShouldNotProcessUpdates());
        LoggingAndConfiguration.frameworkProperties(properties, closure, conf, env, console);
        return properties;
    }

    /** The graph report of this run, or null when none was asked for. */
    GraphReport graph(String mode, String task) {
        return Launcher.isEmpty(env.get(GRAPH_FILE)) ? null : new GraphReport(mode, task);
    }

    /** The run's framework, stopped by the run's shutdown, or by {@link #close} when the run did not get there. */
    FrameworkSession session() {
        session = new FrameworkSession(console, phases);
        return session;
    }

    /** A warm host's prepared framework becomes the run's, with its storage slot. */
    FrameworkSession adopt(PreparedFramework prepared) {
        storage = prepared.storage();
        session = prepared.adopt(phases);
        console.debug("framework storage: " + storage.path() + " (prepared by the warm host)");
        return session;
    }

    /** A fresh storage folder for the framework, inside the profile. */
    Path storage() {
        return SafeFiles.freshDirectory(profile.directory().resolve("framework"));
    }

    /**
     * The framework storage of a task run: a free slot of the installation's pool prepared for the
     * closure's jars ({@link StorageSlots}), else a fresh folder in the profile, made only then.
     */
    FrameworkStorage storage(List<BundleManifest> closure) {
        List<Path> jars = new ArrayList<>();
        for (BundleManifest bundle : closure) {
            jars.add(bundle.file());
        }
        storage = runtime == null ? null : StorageSlots.take(runtime, jars, env).orElse(null);
        if (storage == null) {
            Path fresh = storage();
            console.debug("framework storage: " + fresh + " (fresh: no free slot)");
            return FrameworkStorage.fresh(fresh);
        }
        console.debug("framework storage: " + storage.path() + (storage.reused() ? " (slot reused)" : " (slot made)"));
        return storage;
    }

    /**
     * The services both modes register, with the mode as a service property; returns those properties
     * for the mode's own services.
     */
    Hashtable<String, Object> registerServices(BundleContext context, String mode, LayeredPreferences prefs,
            Shutdown shutdown) {
        Hashtable<String, Object> props = new Hashtable<>();
        props.put(FrameworkProperties.MODE, mode);
        context.registerService(BackgroundTasksRunner.class, new DetachedProcesses(installation, prefs), props);
        context.registerService(Preferences.class, prefs, props);
        context.registerService(Shutdown.class, shutdown, props);
        return props;
    }

    /** After the shutdown: the framework's storage and the profile go, then the graph report is written. */
    int finish(int code, GraphReport graph) {
        releaseStorage();
        SafeFiles.removeTree(profile.directory().resolve("framework"));
        profile.close();
        phases.end("cleanup");
        GraphReport.write(graph, env.get(GRAPH_FILE), phases, console);
        return code;
    }

    /** A slot of the pool is sealed for the next run when the framework stopped cleanly, and released. */
    private void releaseStorage() {
        if (storage != null) {
            storage.release(session);
            storage = null;
        }
    }

    @Override
    public void close() {
        if (session != null) {
            session.stop(System.nanoTime() + LATE_STOP_NANOS);
        }
        releaseStorage();
        if (profile != null) {
            profile.close();
        }
        if (exclusive != null) {
            exclusive.close();
        }
        if (installationLock != null) {
            installationLock.close();
        }
        if (watchdog != null) {
            watchdog.disarm();
        }
        if (cleanupHook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(cleanupHook);
            } catch (IllegalStateException exiting) {
                // already exiting: the hook runs and finds the profile closed
            }
        }
    }
}
