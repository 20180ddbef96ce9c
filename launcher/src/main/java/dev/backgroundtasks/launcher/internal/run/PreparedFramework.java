package dev.backgroundtasks.launcher.internal.run;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import dev.backgroundtasks.api.FrameworkProperties;

import dev.backgroundtasks.launcher.internal.cli.LaunchRequest;
import dev.backgroundtasks.launcher.internal.cli.LauncherCommandLine;
import dev.backgroundtasks.launcher.internal.cli.UsageException;
import dev.backgroundtasks.launcher.internal.files.Installation;
import dev.backgroundtasks.launcher.internal.lookup.BundleManifest;
import dev.backgroundtasks.launcher.internal.lookup.ConfFolder;
import dev.backgroundtasks.launcher.internal.lookup.ManifestIndex;
import dev.backgroundtasks.launcher.internal.lookup.TaskLookup;
import dev.backgroundtasks.launcher.internal.output.Console;
import dev.backgroundtasks.launcher.internal.output.Phases;
import dev.backgroundtasks.launcher.internal.profile.LayeredPreferences;
import dev.backgroundtasks.launcher.internal.profile.Profile;
import dev.backgroundtasks.launcher.internal.profile.RuntimeDirectory;
import dev.backgroundtasks.launcher.internal.updates.Updates;

/**
 * A warm host's framework made ready, before any run is asked for, for the run its predecessor served
 * (README "Warm host"): the task looked up, its closure installed and resolved in a storage slot, the
 * framework and SCR started; no task bundle started, no profile, no service of the run registered. The
 * run adopts it only when everything it would have created is the same ({@link #fits}: the task, its
 * jars unchanged, the framework properties, the loglevel); the host discards one whose preparation printed
 * anything, since a cold run would have printed it in its place. Any
 * other run discards it and creates its own, as a cold run does.
 */
public final class PreparedFramework {
    private final Console console;
    private final String task;
    private final List<Path> jars;
    private final String jarsKey;
    private final Map<String, String> properties;
    private final Console.Level level;
    private final FrameworkSession session;
    private FrameworkStorage storage;
    private boolean discarded;

    private PreparedFramework(Console console, String task, List<Path> jars, String jarsKey,
            Map<String, String> properties, FrameworkSession session, FrameworkStorage storage) {
        this.console = console;
        this.task = task;
        this.jars = jars;
        this.jarsKey = jarsKey;
        this.properties = properties;
        this.level = console.level();
        this.session = session;
        this.storage = storage;
    }

    /**
     * Prepares the framework of a run of {@code args} in {@code console}'s streams, or nothing: not a plain
     * task run, a task that is not found or needs a profile of its own (explicit or persistent, whose
     * preferences can change), no free storage slot, or any failure.
     */
    public static Optional<PreparedFramework> prepare(Installation installation, Map<String, String> env,
            List<String> args, Console console) {
        LaunchRequest request;
        try {
            request = LauncherCommandLine.parse(args.toArray(new String[0]));
        } catch (UsageException e) {
            return Optional.empty();
        }
        if (!request.plainTaskRun() || request.profile() != null
                || !Launcher.isEmpty(env.get("BACKGROUNDTASKS_PROFILE_PATH"))) {
            return Optional.empty();
        }
        RuntimeDirectory runtime;
        try {
            runtime = RuntimeDirectory.open(env, installation.installHash());
        } catch (Profile.ProfileException e) {
            return Optional.empty();
        }
        TaskLookup lookup = TaskLookup.scan(installation, env, ManifestIndex.in(runtime.path()));
        Optional<TaskLookup.TaskDeclaration> found = lookup.find(request.taskName()).task();
        if (found.isEmpty() || found.get().settings().persistentProfile() || found.get().settings().updating()) {
            return Optional.empty();
        }
        // the preferences of a run on a fresh ephemeral profile: the defaults, then --pref
        LayeredPreferences prefs = LayeredPreferences.backgroundDefaults(installation.defaults());
        prefs.layer(Launcher.commandLinePrefs(request));
        // the level only: the log bridge's JUL set-up waits for the run (the host's exit-code listener is on JUL)
        console.level(Console.Level.of(prefs.getString(LayeredPreferences.LOGLEVEL, "error")));
        ConfFolder conf = ConfFolder.of(installation);
        List<BundleManifest> closure = Launcher.closure(installation, lookup, found.get(), conf);
        Map<String, String> properties = Launcher.taskProperties(installation, env, request.taskName(),
                RunScope.frameworkProperties(installation, runtime, env, console, FrameworkProperties.MODE_BACKGROUND,
                        prefs, Updates.Outcome.notUpdating(), request, closure, conf));
        List<Path> jars = files(closure);
        Optional<FrameworkStorage> storage = StorageSlots.take(runtime, jars, env);
        if (storage.isEmpty()) {
            return Optional.empty();
        }
        FrameworkSession session = new FrameworkSession(console, new Phases(console, System.nanoTime()));
        PreparedFramework prepared = new PreparedFramework(console, request.taskName(), jars, StorageSlots.key(jars),
                properties, session, storage.get());
        try {
            session.create(properties, storage.get());
            session.install(jars);
            session.resolve();
            session.startFrameworkAndScr();
            return Optional.of(prepared);
        } catch (Exception | LinkageError e) {
            prepared.discard();
            return Optional.empty();
        }
    }

    /** The console the prepared framework logs to: the run that adopts it must use this one. */
    public Console console() {
        return console;
    }

    /**
     * Whether a run of {@code name} with {@code closure} and {@code runProperties}, at the console's loglevel
     * now, would create exactly this framework (its jars unchanged since they were installed).
     */
    boolean fits(String name, List<BundleManifest> closure, Map<String, String> runProperties) {
        return !discarded && task.equals(name) && level == console.level()
                && jars.equals(files(closure)) && Objects.equals(jarsKey, StorageSlots.key(jars))
                && properties.equals(runProperties);
    }

    /** The framework, handed to the run with its phases; its storage goes with it ({@link #storage}). */
    FrameworkSession adopt(Phases phases) {
        session.handOver(phases);
        discarded = true; // the run's scope stops and releases it now
        return session;
    }

    FrameworkStorage storage() {
        return storage;
    }

    /** Stops the framework and releases its slot, unless a run adopted it; once. */
    public void discard() {
        if (discarded) {
            return;
        }
        discarded = true;
        session.stop(System.nanoTime() + 5_000_000_000L);
        storage.release(session);
        storage = null;
    }

    private static List<Path> files(List<BundleManifest> closure) {
        List<Path> files = new ArrayList<>();
        for (BundleManifest bundle : closure) {
            files.add(bundle.file());
        }
        return files;
    }
}
