package dev.backgroundtasks.launcher.internal.run;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;

import dev.backgroundtasks.api.Application;
import dev.backgroundtasks.api.BackgroundTasksRunner;
import dev.backgroundtasks.api.CommandLine;
import dev.backgroundtasks.api.Preferences;
import dev.backgroundtasks.api.Shutdown;
import dev.backgroundtasks.api.ExitCode;
import dev.backgroundtasks.api.FrameworkProperties;

import dev.backgroundtasks.launcher.internal.cli.LaunchRequest;
import dev.backgroundtasks.launcher.internal.files.Installation;
import dev.backgroundtasks.launcher.internal.files.SafeFiles;
import dev.backgroundtasks.launcher.internal.lookup.BundleManifest;
import dev.backgroundtasks.launcher.internal.lookup.ConfFolder;
import dev.backgroundtasks.launcher.internal.output.Console;
import dev.backgroundtasks.launcher.internal.output.Phases;
import dev.backgroundtasks.launcher.internal.profile.DefaultProfileService;
import dev.backgroundtasks.launcher.internal.profile.LayeredPreferences;
import dev.backgroundtasks.launcher.internal.profile.Profile;
import dev.backgroundtasks.launcher.internal.updates.Updates;

/**
 * Normal mode ({@code java -jar launcher.jar} without a task): the whole application. The default
 * persistent profile, locked while running; every bundle of {@code bundles/} and {@code app/bundles/};
 * the startup categories in order; then it runs until a signal or {@link Application#quit}, and shuts
 * down in order. Background tasks are not installed.
 */
final class NormalRun {
    private final LaunchEnvironment launch;
    private final Map<String, String> env;
    private final Console console;
    private final Phases phases;
    private final Updates.Progress updateProgress;
    private final CompletableFuture<Integer> ending = new CompletableFuture<>();

    NormalRun(LaunchEnvironment launch, Console console, Phases phases, Updates.Progress updateProgress) {
        this.launch = launch;
        this.env = launch.env();
        this.console = console;
        this.phases = phases;
        this.updateProgress = updateProgress;
    }

    int run(Installation installation, LaunchRequest request) {
        console.release(false);
        LayeredPreferences prefs = new LayeredPreferences();
        prefs.layer(LayeredPreferences.read(installation.defaults().resolve("prefs.properties")));
        try (RunScope scope = new RunScope(installation, env, console, phases)) {
            Profile profile;
            Updates.Outcome updates;
            try {
                scope.runtime();
                profile = scope.hold(profile(installation, request), code -> { });
                updates = scope.updates(true, updateProgress);
            } catch (Profile.ProfileException e) {
                console.failure(e.getMessage());
                return ExitCode.FAILURE;
            }
            Watchdog watchdog = scope.watchdog();
            scope.layerPreferences(prefs, request, true);
            phases.end("profile");
            long shutdownMs = Launcher.positive(prefs.getInt(LayeredPreferences.SHUTDOWN_TIMEOUT_SEC, 10), 10) * 1000;

            Map<String, String> properties = scope.frameworkProperties(FrameworkProperties.MODE_NORMAL, prefs, updates,
                    request, null, ConfFolder.of(installation));
            GraphReport graph = scope.graph(FrameworkProperties.MODE_NORMAL, null);
            RunShutdown shutdown = new RunShutdown(console);
            launch.signals().receive((code, name) -> {
                if (ending.complete(code)) {
                    watchdog.afterSignal(code, name, shutdownMs);
                }
            });
            FrameworkSession session = scope.session();
            Categories categories = null;
            int code;
            try {
                session.create(properties, scope.storage());
                BundleContext context = session.context();
                context.registerService(Application.class, exitCode -> {
                    if (ending.complete(exitCode)) {
                        console.info("the application quits with " + exitCode);
                    }
                }, scope.registerServices(context, FrameworkProperties.MODE_NORMAL, prefs, shutdown));
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
                console.notice("the application is running in normal mode with the profile " + profile.directory()
                        + "; stop it with Ctrl-C or SIGTERM");
                code = ending.join();
            } catch (FrameworkSession.BundleFailure | BundleException e) {
                console.failure("the application failed to start: " + e.getMessage());
                code = ExitCode.FAILURE;
            } catch (RuntimeException e) { // the platform's own failure, not a bundle's
                console.failure("the platform failed while starting the application: " + e);
                code = ExitCode.FAILURE;
            }
            shutdown.shutDown(watchdog, categories, null, session, graph, shutdownMs * 1_000_000L, phases, code);
            return scope.finish(code, graph);
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

    /** The bundles of bundles/ and app/bundles/, in name order, logging and configuration first. */
    private List<Path> applicationBundles(Installation installation) {
        List<BundleManifest> bundles = new ArrayList<>();
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
                    bundles.add(BundleManifest.read(jar));
                } catch (BundleManifest.InvalidBundleException e) {
                    console.warnAlways("skipping " + jar + ": " + e.getMessage());
                }
            }
        }
        List<Path> jars = new ArrayList<>();
        for (BundleManifest b : LoggingAndConfiguration.startOrder(bundles)) {
            jars.add(b.file());
        }
        return jars;
    }
}
