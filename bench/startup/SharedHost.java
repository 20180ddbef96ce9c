import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import org.apache.felix.framework.Felix;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.wiring.FrameworkWiring;

import dev.backgroundtasks.api.BackgroundTask;
import dev.backgroundtasks.api.CommandLine;
import dev.backgroundtasks.api.ExitCode;
import dev.backgroundtasks.api.Preferences;
import dev.backgroundtasks.api.Shutdown;
import dev.backgroundtasks.api.TaskContext;
import dev.backgroundtasks.api.TaskDefinition;
import dev.backgroundtasks.launcher.internal.files.Installation;
import dev.backgroundtasks.launcher.internal.lookup.BundleClosure;
import dev.backgroundtasks.launcher.internal.lookup.BundleManifest;
import dev.backgroundtasks.launcher.internal.lookup.SystemBundleCapabilities;
import dev.backgroundtasks.launcher.internal.lookup.TaskLookup;
import dev.backgroundtasks.launcher.internal.lookup.TaskNames;
import dev.backgroundtasks.launcher.internal.profile.LayeredPreferences;
import dev.backgroundtasks.scheduler.Scheduler;

/**
 * A measurement prototype, never shipped: the long-lived shared warm host that issue 15 asks to weigh
 * against the product's pre-warmed one-shot host (README, "Warm host"). longlived.sh compiles it against
 * launcher.jar and runs it as {@code java -cp launcher.jar:DIR SharedHost TASK SOCKET STORAGE WARMUP [fresh]}.
 *
 * <ol>
 *   <li>The launcher's own lookup finds TASK in the installation of launcher.jar, and its bundle closure:
 *       the bundles a cold run of TASK installs.</li>
 *   <li>One Felix for the host's whole life, in STORAGE, with the launcher's system packages (the API and
 *       scheduler packages at the installation's versions, and jdk.net); the closure installed by reference
 *       and started, SCR with it. With {@code fresh}, the task's own bundle is not: each run installs and
 *       starts it, and uninstalls and refreshes it after the run (runs then take turns), so no state of the
 *       task's bundle outlives its run and a leak of its class loader would show in the host's RSS.</li>
 *   <li>WARMUP runs of TASK in the host itself, then it listens on SOCKET (a Unix domain socket: its
 *       appearance says the host is ready).</li>
 *   <li>Per connection, on a thread of its own: the peer must be the socket's owner ({@code SO_PEERCRED});
 *       one line is read, a task name (or {@code .stop}); the task's {@code BackgroundTask} service is got
 *       (SCR activates the component), run with a minimal {@link TaskContext} and a fresh profile folder,
 *       and released (SCR deactivates it); the exit code is written back as a line.</li>
 * </ol>
 *
 * What a run keeps in the product and not here (docs/performance.md, "The long-lived shared host, measured"):
 * its own stdout and stderr, arguments, environment, preferences, scheduler, shutdown phase, run history,
 * JVM and process; the output is not relayed and signals are not forwarded.
 */
public final class SharedHost {
    private static final String STOP = ".stop";
    private static final long RUN_TIMEOUT_SEC = 600;

    private final BundleContext context;
    private final Path profiles;
    /** With {@code fresh}, the task's bundle, installed for each run; else null. */
    private final Path freshBundle;
    private final AtomicInteger runs = new AtomicInteger();

    private SharedHost(BundleContext context, Path profiles, Path freshBundle) {
        this.context = context;
        this.profiles = profiles;
        this.freshBundle = freshBundle;
    }

    public static void main(String[] args) throws Exception {
        String taskName = args[0];
        Path socket = Path.of(args[1]);
        Path storage = Path.of(args[2]);
        int warmup = Integer.parseInt(args[3]);
        boolean fresh = args.length > 4 && args[4].equals("fresh");

        Installation installation = Installation.locate();
        Map<String, String> packages = launcherStatic("platformPackages", Installation.class, installation);
        TaskLookup lookup = TaskLookup.scan(installation, System.getenv());
        TaskLookup.TaskDeclaration task = lookup.find(taskName).task()
                .orElseThrow(() -> new IllegalArgumentException("no task " + taskName + " in " + installation.root()));
        List<BundleManifest> closure = new BundleClosure(new SystemBundleCapabilities(packages.keySet()))
                .of(task.bundle(), lookup.candidates());

        Map<String, Object> config = new HashMap<>();
        config.put(Constants.FRAMEWORK_STORAGE, storage.resolve("felix").toString());
        config.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        config.put(Constants.FRAMEWORK_SYSTEMPACKAGES_EXTRA, launcherStatic("systemPackagesExtra", Map.class, packages));
        config.put("ds.loglevel", "warn");
        Felix framework = new Felix(config);
        framework.init();
        List<Bundle> installed = new ArrayList<>();
        for (BundleManifest bundle : fresh ? closure.subList(1, closure.size()) : closure) {
            installed.add(framework.getBundleContext().installBundle("reference:" + bundle.file().toUri()));
        }
        framework.start();
        for (Bundle bundle : installed) {
            if (bundle.getHeaders("").get(Constants.FRAGMENT_HOST) == null) {
                bundle.start(Bundle.START_ACTIVATION_POLICY | Bundle.START_TRANSIENT);
            }
            System.err.println("shared host: started " + bundle.getSymbolicName() + " " + bundle.getVersion());
        }
        Path profiles = Files.createDirectories(storage.resolve("profiles"));
        SharedHost host = new SharedHost(framework.getBundleContext(), profiles, fresh ? closure.get(0).file() : null);
        for (int i = 0; i < warmup; i++) {
            int code = host.runOnce(taskName);
            if (code != ExitCode.SUCCESS) {
                throw new IllegalStateException("warm-up run " + (i + 1) + " of " + taskName + " ended with " + code);
            }
        }
        System.err.println("shared host: " + warmup + " warm-up runs, listening on " + socket);
        try {
            host.serve(socket);
        } finally {
            framework.stop();
            FrameworkEvent stopped = framework.waitForStop(30_000);
            System.err.println("shared host: served " + host.runs.get() + " runs; framework " + stopped.getType()
                    + " (" + FrameworkEvent.STOPPED + " is stopped)");
        }
    }

    /** A package-private static method of the launcher's Launcher: the run's own system packages, not a copy. */
    @SuppressWarnings("unchecked")
    private static <T> T launcherStatic(String name, Class<?> parameter, Object argument) throws ReflectiveOperationException {
        Method method = Class.forName("dev.backgroundtasks.launcher.internal.run.Launcher").getDeclaredMethod(name, parameter);
        method.setAccessible(true);
        return (T) method.invoke(null, argument);
    }

    /** Accepts until a client asks the host to stop; each connection on a thread that ends with its run. */
    private void serve(Path socket) throws IOException {
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
            UserPrincipal owner = Files.getOwner(socket);
            while (true) {
                SocketChannel client;
                try {
                    client = server.accept();
                } catch (AsynchronousCloseException stopped) {
                    return;
                }
                Thread t = new Thread(() -> answer(client, owner, server), "shared-run");
                t.start();
            }
        } finally {
            Files.deleteIfExists(socket);
        }
    }

    private void answer(SocketChannel client, UserPrincipal owner, ServerSocketChannel server) {
        try (client) {
            if (!owner.equals(client.getOption(jdk.net.ExtendedSocketOptions.SO_PEERCRED).user())) {
                return;
            }
            String request = readLine(client);
            int code = STOP.equals(request) ? ExitCode.SUCCESS : runOnce(request);
            client.write(StandardCharsets.UTF_8.encode(code + "\n"));
            if (STOP.equals(request)) {
                server.close();
            }
        } catch (IOException e) {
            System.err.println("shared host: a connection failed: " + e);
        }
    }

    private static String readLine(SocketChannel client) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(256);
        while (buffer.hasRemaining() && client.read(buffer) >= 0) {
            if (buffer.position() > 0 && buffer.get(buffer.position() - 1) == '\n') {
                return new String(buffer.array(), 0, buffer.position() - 1, StandardCharsets.UTF_8);
            }
        }
        throw new IOException("no request line");
    }

    /** One run: in the framework as it is, or with {@code fresh} with the task's bundle installed for it. */
    private int runOnce(String taskName) {
        if (freshBundle == null) {
            return run(taskName);
        }
        synchronized (this) {
            Bundle bundle;
            try {
                bundle = context.installBundle("reference:" + freshBundle.toUri());
                bundle.start(Bundle.START_ACTIVATION_POLICY | Bundle.START_TRANSIENT);
            } catch (BundleException e) {
                System.err.println("shared host: " + freshBundle + ": " + e);
                return ExitCode.LOAD_FAILED;
            }
            try {
                return run(taskName);
            } finally {
                uninstall(bundle);
            }
        }
    }

    /** Uninstalls and refreshes the bundle, waiting up to 30 s: then nothing refers to its class loader. */
    private void uninstall(Bundle bundle) {
        CountDownLatch refreshed = new CountDownLatch(1);
        try {
            bundle.uninstall();
            context.getBundle(0).adapt(FrameworkWiring.class).refreshBundles(List.of(bundle), e -> refreshed.countDown());
            if (!refreshed.await(30, TimeUnit.SECONDS)) {
                System.err.println("shared host: no refresh within 30 s after uninstalling " + bundle);
            }
        } catch (BundleException e) {
            System.err.println("shared host: " + bundle + " not uninstalled: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One run of the named task in the shared framework: its service got, run, and released. */
    private int run(String taskName) {
        if (!TaskNames.valid(taskName)) {
            return ExitCode.USAGE;
        }
        runs.incrementAndGet();
        ServiceReference<?>[] refs;
        try {
            refs = context.getServiceReferences(BackgroundTask.class.getName(),
                    "(" + TaskDefinition.PREFIX_ + "name=" + taskName + ")");
        } catch (org.osgi.framework.InvalidSyntaxException e) {
            return ExitCode.USAGE;
        }
        if (refs == null) {
            return ExitCode.NOT_FOUND;
        }
        BackgroundTask task = (BackgroundTask) context.getService(refs[0]);
        if (task == null) {
            return ExitCode.LOAD_FAILED;
        }
        Path profile = null;
        try {
            profile = Files.createTempDirectory(profiles, taskName + "-");
            Integer code = task.run(new RunContext(taskName, CommandLine.of(), profile, true, new LayeredPreferences(),
                    null, new NoShutdown())).toCompletableFuture().get(RUN_TIMEOUT_SEC, TimeUnit.SECONDS);
            return code == null ? ExitCode.SUCCESS : code;
        } catch (TimeoutException e) {
            return ExitCode.TIMEOUT;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ExitCode.FAILURE;
        } catch (Exception e) { // BackgroundTask.run may throw anything; ExecutionException: its stage failed
            return ExitCode.EXCEPTION;
        } finally {
            context.ungetService(refs[0]);
            removeTree(profile);
        }
    }

    private static void removeTree(Path root) {
        if (root == null) {
            return;
        }
        try (var paths = Files.walk(root)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            System.err.println("shared host: profile " + root + " not removed: " + e);
        }
    }

    /** The minimal TaskContext of a prototype run: no scheduler, and no shutdown phase of its own. */
    private record RunContext(String taskName, CommandLine commandLine, Path profileDirectory, boolean isEphemeralProfile,
            Preferences preferences, Scheduler scheduler, Shutdown shutdown) implements TaskContext {
    }

    /** A run in a shared JVM has no shutdown of its own: the JVM and the framework outlive it. */
    private static final class NoShutdown implements Shutdown {
        @Override
        public void addBlocker(String name, Supplier<? extends CompletionStage<?>> blocker) {
            // never called back: the prototype's runs end when their stage completes
        }

        @Override
        public boolean isInOrBeyondShutdownPhase() {
            return false;
        }
    }
}
