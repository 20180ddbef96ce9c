package dev.backgroundtasks.launcher.internal;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;

import dev.backgroundtasks.api.Application;
import dev.backgroundtasks.api.BackgroundTasksRunner;
import dev.backgroundtasks.api.CommandLine;
import dev.backgroundtasks.api.ExitCode;
import dev.backgroundtasks.api.FrameworkProperties;
import dev.backgroundtasks.api.Preferences;
import dev.backgroundtasks.api.Shutdown;

/**
 * Normal mode ({@code java -jar launcher.jar} without a task): the whole application. The default
 * persistent profile, locked while running; every bundle of {@code bundles/} and {@code app/bundles/};
 * the startup categories in order; then it runs until a signal or {@link Application#quit}, and shuts
 * down in order. Background tasks are not installed.
 */
final class NormalRun {
    private final Map<String, String> env;
    private final Console console;
    private final Phases phases;
    private final CompletableFuture<Integer> ending = new CompletableFuture<>();

    NormalRun(Map<String, String> env, Console console, Phases phases) {
        this.env = env;
        this.console = console;
        this.phases = phases;
    }

    int run(Installation installation, LaunchRequest request) {
        console.release(false);
        LayeredPreferences prefs = new LayeredPreferences();
        prefs.layer(LayeredPreferences.read(installation.defaults().resolve("prefs.properties")));
        RuntimeDirectory runtime;
        Profile profile;
        RuntimeDirectory.Lock[] installationLock = new RuntimeDirectory.Lock[1];
        Updates.Outcome updates;
        try {
            runtime = RuntimeDirectory.open(env, installation.installHash());
            profile = profile(installation, request);
            try {
                updates = new Updates(installation, runtime, console, env).atStart(true, installationLock);
            } catch (IOException e) {
                console.error("the staged update could not be applied: " + e.getMessage());
                updates = Updates.Outcome.failed(e);
            }
        } catch (Profile.ProfileException e) {
            console.failure(e.getMessage());
            return ExitCode.FAILURE;
        }
        Thread cleanup = new Thread(profile::close, "backgroundtasks-profile-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
        Watchdog watchdog = new Watchdog(console, profile::close);
        try {
            prefs.profileLayer(profile.directory().resolve(LayeredPreferences.PROFILE_FILE), true);
            prefs.layer(Launcher.commandLinePrefs(request));
            console.level(Console.Level.of(prefs.getString(LayeredPreferences.LOGLEVEL, "error")));
            LogBridge.configure(console, prefs);
            phases.end("profile");
            long shutdownMs = Launcher.positive(prefs.getInt(LayeredPreferences.SHUTDOWN_TIMEOUT_SEC, 10), 10) * 1000;

            Map<String, String> properties = Launcher.frameworkProperties(installation, runtime,
                    Launcher.platformPackages(installation), prefs);
            properties.put(FrameworkProperties.MODE, FrameworkProperties.MODE_NORMAL);
            updates.frameworkProperties(properties, request.testShouldNotProcessUpdates());
            LoggingAndConfiguration.frameworkProperties(properties, null, ConfFolder.of(installation), env, console);
            GraphReport graph = Launcher.isEmpty(env.get("BACKGROUNDTASKS_GRAPH_FILE")) ? null
                    : new GraphReport("normal", null);
            RunShutdown shutdown = new RunShutdown(console);
            Signals.install((code, name) -> {
                if (ending.complete(code)) {
                    watchdog.arm(System.nanoTime() + shutdownMs * 2_000_000L, code, "SIG" + name + ": shutdown did not finish");
                }
            });
            JdkWarnings.quietFelixUnsafeWarning();
            FrameworkSession session = new FrameworkSession(console, phases);
            Categories categories = null;
            int code;
            try {
                session.create(properties, SafeFiles.freshDirectory(profile.directory().resolve("framework")));
                BundleContext context = session.context();
                Hashtable<String, Object> props = new Hashtable<>();
                props.put(FrameworkProperties.MODE, FrameworkProperties.MODE_NORMAL);
                context.registerService(Application.class, exitCode -> {
                    if (ending.complete(exitCode)) {
                        console.info("the application quits with " + exitCode);
                    }
                }, props);
                context.registerService(BackgroundTasksRunner.class, new DetachedProcesses(installation, prefs), props);
                context.registerService(Preferences.class, prefs, props);
                context.registerService(Shutdown.class, shutdown, props);
                session.install(applicationBundles(installation));
                session.resolve();
                for (String failure : session.startAll()) {
                    console.failure(failure);
                }
                categories = new Categories(context, false, console);
                categories.fire(Categories.APP_STARTUP, null);
                categories.fire(Categories.PROFILE_AFTER_CHANGE, null);
                categories.fire(Categories.COMMAND_LINE_HANDLER, CommandLine.of(request.taskArguments()));
                categories.fire(Categories.FINAL_STARTUP, null);
                console.info("the application is running; stop it with SIGTERM or SIGINT");
                code = ending.join();
            } catch (FrameworkSession.BundleFailure | BundleException | RuntimeException e) {
                console.failure("the application failed to start: " + e.getMessage());
                code = ExitCode.FAILURE;
            }
            long deadline = System.nanoTime() + shutdownMs * 1_000_000L;
            watchdog.arm(deadline, code, "shutdown did not finish within " + shutdownMs / 1000 + " s");
            shutdown.sequence(categories, null, session, graph, deadline);
            phases.end("shutdown");
            SafeFiles.removeTree(profile.directory().resolve("framework"));
            profile.close();
            phases.end("cleanup");
            GraphReport.write(graph, env.get("BACKGROUNDTASKS_GRAPH_FILE"), phases, console);
            return code;
        } finally {
            profile.close();
            if (installationLock[0] != null) {
                installationLock[0].close();
            }
            watchdog.disarm();
            try {
                Runtime.getRuntime().removeShutdownHook(cleanup);
            } catch (IllegalStateException exiting) {
                // the hook runs and finds the profile closed
            }
        }
    }

    /** --profile, else BACKGROUNDTASKS_PROFILE_PATH, else the installation's default profile; locked. */
    private Profile profile(Installation installation, LaunchRequest request) throws Profile.ProfileException {
        String explicit = request.profile() != null ? request.profile() : env.get("BACKGROUNDTASKS_PROFILE_PATH");
        Path dir;
        if (!Launcher.isEmpty(explicit)) {
            dir = SafeFiles.pathOf(request.profile() != null ? "--profile" : "BACKGROUNDTASKS_PROFILE_PATH", explicit).toAbsolutePath();
        } else {
            Optional<Path> defaultProfile = DefaultProfileService.locate(env, installation.installHash());
            if (defaultProfile.isEmpty()) {
                throw new Profile.ProfileException("there is no default profile (BACKGROUNDTASKS_NO_DEFAULT_PROFILE); "
                        + "give normal mode a --profile");
            }
            dir = defaultProfile.get();
        }
        try {
            return Profile.explicit(dir);
        } catch (Profile.ProfileInUseException e) {
            throw new Profile.ProfileException("the application is already running with the profile " + dir
                    + "; stop it first, or start this one with another --profile");
        }
    }

    private List<Path> applicationBundles(Installation installation) {
        List<Path> jars = new ArrayList<>();
        for (Path folder : List.of(installation.bundles(), installation.appBundles())) {
            List<Path> here = new ArrayList<>();
            if (Files.isDirectory(folder)) {
                try (DirectoryStream<Path> s = Files.newDirectoryStream(folder, "*.jar")) {
                    s.forEach(here::add);
                } catch (IOException e) {
                    console.warnAlways("cannot read " + folder + ": " + e.getMessage());
                }
            }
            here.sort(null);
            for (Path jar : here) {
                try {
                    BundleManifest.read(jar);
                    jars.add(jar);
                } catch (BundleManifest.InvalidBundleException e) {
                    console.warnAlways("skipping " + jar + ": " + e.getMessage());
                }
            }
        }
        return jars;
    }
}
