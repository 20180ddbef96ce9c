package dev.backgroundtasks.launcher.internal.run;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;

import dev.backgroundtasks.launcher.internal.files.Installation;
import dev.backgroundtasks.launcher.internal.files.SafeFiles;
import dev.backgroundtasks.launcher.internal.lookup.BundleManifest;
import dev.backgroundtasks.launcher.internal.lookup.ConfFolder;
import dev.backgroundtasks.launcher.internal.lookup.ManifestIndex;
import dev.backgroundtasks.launcher.internal.lookup.TaskLookup;
import dev.backgroundtasks.launcher.internal.output.Console;
import dev.backgroundtasks.launcher.internal.output.Phases;
import dev.backgroundtasks.launcher.internal.profile.RuntimeDirectory;

/**
 * The warm host's warm-up: a read-only task lookup, then a throwaway Felix in a private temporary
 * storage that installs and resolves the closure of one task of the installation and starts only SCR,
 * stopped and deleted again. It runs no task, touches no profile, runtime directory or run history,
 * and starts no bundle that could act (a task's or the actors' components stay unstarted).
 */
public final class WarmUp {
    private WarmUp() {
    }

    /** One round; a failure is no failure of the host (the run will be as cold as it must be). */
    public static void once(Installation installation, Map<String, String> env) {
        Console console = new Console(new PrintStream(OutputStream.nullOutputStream()),
                new PrintStream(OutputStream.nullOutputStream()));
        Phases phases = new Phases(console, System.nanoTime());
        // the run's own way: through the runtime directory's manifest index
        TaskLookup lookup = TaskLookup.scan(installation, env,
                ManifestIndex.in(RuntimeDirectory.location(env, installation.installHash())));
        List<TaskLookup.TaskDeclaration> tasks = lookup.declarations();
        if (tasks.isEmpty()) {
            return;
        }
        TaskLookup.TaskDeclaration task = tasks.stream().filter(t -> t.settings().warmHost()).findFirst().orElse(tasks.get(0));
        List<BundleManifest> closure = Launcher.closure(installation, lookup, task, ConfFolder.of(installation));
        Path storage;
        try {
            storage = Files.createTempDirectory("backgroundtasks-warmup-");
        } catch (IOException e) {
            return;
        }
        // a host ended mid-warm-up (SIGTERM, SIGINT, SIGHUP) removes it too
        Thread cleanup = new Thread(() -> SafeFiles.removeTree(storage), "backgroundtasks-warmup-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
        FrameworkSession session = new FrameworkSession(console, phases);
        try {
            Map<String, String> properties = new HashMap<>();
            properties.put("org.osgi.framework.system.packages.extra",
                    Launcher.systemPackagesExtra(Launcher.platformPackages(installation)));
            session.create(properties, storage);
            session.install(closure.stream().map(BundleManifest::file).toList());
            session.resolve();
            BundleContext context = session.context();
            context.getBundle(0).start();
            long scr = session.scrId();
            if (scr >= 0) {
                Bundle bundle = context.getBundle(scr);
                bundle.start(Bundle.START_TRANSIENT);
                bundle.stop(Bundle.STOP_TRANSIENT);
            }
        } catch (Exception | LinkageError e) {
            // a warm-up that fails leaves a colder host, nothing more
        } finally {
            session.stop(System.nanoTime() + 5_000_000_000L);
            SafeFiles.removeTree(storage);
            try {
                Runtime.getRuntime().removeShutdownHook(cleanup);
            } catch (IllegalStateException exiting) {
                // the hook runs, and finds nothing left
            }
        }
    }
}
