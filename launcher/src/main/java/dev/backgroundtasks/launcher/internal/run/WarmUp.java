package dev.backgroundtasks.launcher.internal.run;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

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
import dev.backgroundtasks.launcher.internal.process.WarmKey;
import dev.backgroundtasks.launcher.internal.profile.RuntimeDirectory;

/**
 * The warm host's warm-up, in two kinds.
 * <ul>
 * <li>{@link #once}: a read-only task lookup, then a throwaway Felix in a private temporary storage that
 * installs and resolves the closure of one task of the installation and starts only SCR, stopped and
 * deleted again. It runs no task, touches no profile, runtime directory or run history, and starts no
 * bundle that could act (a task's or the actors' components stay unstarted).</li>
 * <li>{@link #rehearse}: a whole run of the platform's own rehearsal task, which does nothing, on throwaway
 * folders of its own.</li>
 * </ul>
 */
public final class WarmUp {
    /** The rehearsal task's name, declared by the bundle in {@code bundles/warm-up/} (dev.backgroundtasks.warmup). */
    static final String REHEARSAL_TASK = "backgroundtasks-warm-up";
    /** The installation's folder of the rehearsal bundle: no lookup of a user's run searches it. */
    static final String REHEARSAL_FOLDER = "warm-up";

    private WarmUp() {
    }

    /**
     * The rehearsal: the launcher's whole run of the platform's rehearsal task, through the same steps as a
     * client's run (lookup, history, profile, framework, SCR's activation of its component, the task's start
     * and stop, the profile's removal), so that a host's one run finds that code loaded and compiled. It runs
     * on a private throwaway folder for data, runtime directory and temporary files, with no output, no
     * signal handler of its own, and no warm host; every {@code BACKGROUNDTASKS_*} variable of the host's
     * environment is left out. The system properties a run sets, and System.out and System.err, are put
     * back afterwards. Nothing runs when the lookup finds another bundle for the rehearsal's name.
     *
     * @return false when the rehearsal configured JUL: JUL would then write a later run's records to the
     *     rehearsal's console, so the host must not serve
     */
    public static boolean rehearse(Installation installation, Map<String, String> env) {
        Path folder = installation.bundles().resolve(REHEARSAL_FOLDER);
        if (!Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
            return true;
        }
        Throwaway root = Throwaway.create("backgroundtasks-rehearsal-");
        if (root == null) {
            return true;
        }
        Map<String, String> rehearsal = environment(env, root.path, folder);
        Properties properties = (Properties) System.getProperties().clone();
        PrintStream out = System.out;
        PrintStream err = System.err;
        int julBefore = JulConfig.configured();
        try {
            Files.createDirectory(root.path.resolve("tmp"));
            Optional<TaskLookup> lookup = lookup(installation, rehearsal, folder);
            if (lookup.isEmpty()) {
                return true; // an application's task of that name wins the lookup: it is never run here
            }
            PrintStream none = new PrintStream(OutputStream.nullOutputStream());
            Launcher launcher = new Launcher(new LaunchEnvironment(() -> installation, rehearsal,
                    InputStream.nullInputStream(), none, none, receiver -> { }, false, System.nanoTime(),
                    new HashMap<>()));
            launcher.handOver(lookup.get());
            launcher.run("--backgroundtask", REHEARSAL_TASK);
        } catch (IOException | RuntimeException | LinkageError e) {
            // a rehearsal that fails leaves a colder host, nothing more
        } finally {
            System.setOut(out);
            System.setErr(err);
            restore(properties);
            root.remove();
        }
        return JulConfig.configured() == julBefore;
    }

    /**
     * The rehearsal's environment: the host's, without any {@code BACKGROUNDTASKS_*} variable (a graph file,
     * metrics, a profile path, test switches) or systemd's notify socket, with data, runtime directory and
     * temporary files in {@code root}, the rehearsal bundle's folder as the only testing folder, and no warm host.
     */
    static Map<String, String> environment(Map<String, String> env, Path root, Path folder) {
        Map<String, String> rehearsal = new HashMap<>();
        env.forEach((name, value) -> {
            if (!name.startsWith("BACKGROUNDTASKS_") && !name.equals("NOTIFY_SOCKET")) {
                rehearsal.put(name, value);
            }
        });
        rehearsal.put("BACKGROUNDTASKS_DATA_DIR", root.resolve("data").toString());
        rehearsal.put("BACKGROUNDTASKS_RUNTIME_DIR", root.resolve("runtime").toString());
        rehearsal.put("TMPDIR", root.resolve("tmp").toString());
        rehearsal.put("BACKGROUNDTASKS_TESTING_DIR", folder.toString());
        rehearsal.put(WarmKey.MODE_VARIABLE, "off");
        return rehearsal;
    }

    /** The rehearsal's lookup, when it finds the rehearsal task in {@code folder}; empty when another bundle wins. */
    static Optional<TaskLookup> lookup(Installation installation, Map<String, String> rehearsal, Path folder) {
        TaskLookup lookup = TaskLookup.scan(installation, rehearsal);
        Optional<TaskLookup.TaskDeclaration> task = lookup.find(REHEARSAL_TASK).task();
        return task.isPresent() && task.get().bundle().file().startsWith(folder) ? Optional.of(lookup) : Optional.empty();
    }

    /** The system properties as they were: those added since are removed, those changed are set back. */
    private static void restore(Properties before) {
        for (String name : System.getProperties().stringPropertyNames()) {
            if (before.getProperty(name) == null) {
                System.clearProperty(name);
            }
        }
        for (String name : before.stringPropertyNames()) {
            String value = before.getProperty(name);
            if (!value.equals(System.getProperty(name))) {
                System.setProperty(name, value);
            }
        }
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
        Throwaway storage = Throwaway.create("backgroundtasks-warmup-");
        if (storage == null) {
            return;
        }
        FrameworkSession session = new FrameworkSession(console, phases);
        try {
            Map<String, String> properties = new HashMap<>();
            properties.put("org.osgi.framework.system.packages.extra",
                    Launcher.systemPackagesExtra(Launcher.platformPackages(installation)));
            session.create(properties, storage.path);
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
            storage.remove();
        }
    }

    /**
     * A private temporary folder of the warm-up's, removed by {@link #remove}, or by a shutdown hook when the
     * host is ended first (SIGTERM, SIGINT, SIGHUP).
     */
    private static final class Throwaway {
        final Path path;
        private final Thread cleanup;

        private Throwaway(Path path) {
            this.path = path;
            this.cleanup = new Thread(() -> SafeFiles.removeTree(path), "backgroundtasks-warmup-cleanup");
            Runtime.getRuntime().addShutdownHook(cleanup);
        }

        /** A new one, or null when none can be made (the host stays colder). */
        static Throwaway create(String prefix) {
            try {
                return new Throwaway(Files.createTempDirectory(prefix));
            } catch (IOException e) {
                return null;
            }
        }

        void remove() {
            SafeFiles.removeTree(path);
            try {
                Runtime.getRuntime().removeShutdownHook(cleanup);
            } catch (IllegalStateException exiting) {
                // the hook runs, and finds nothing left
            }
        }
    }
}
