package dev.backgroundtasks.launcher.internal.warm;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UnsupportedEncodingException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;

import dev.backgroundtasks.launcher.internal.cli.LaunchRequest;
import dev.backgroundtasks.launcher.internal.cli.LauncherCommandLine;
import dev.backgroundtasks.launcher.internal.cli.UsageException;
import dev.backgroundtasks.launcher.internal.files.FileLocks;
import dev.backgroundtasks.launcher.internal.files.Installation;
import dev.backgroundtasks.launcher.internal.files.SafeFiles;
import dev.backgroundtasks.launcher.internal.lookup.ManifestIndex;
import dev.backgroundtasks.launcher.internal.lookup.TaskLookup;
import dev.backgroundtasks.launcher.internal.lookup.TaskSettings;
import dev.backgroundtasks.launcher.internal.output.Console;
import dev.backgroundtasks.launcher.internal.process.Signals;
import dev.backgroundtasks.launcher.internal.process.WarmHosts;
import dev.backgroundtasks.launcher.internal.process.WarmKey;
import dev.backgroundtasks.launcher.internal.profile.LayeredPreferences;
import dev.backgroundtasks.launcher.internal.profile.RuntimeDirectory;
import dev.backgroundtasks.launcher.internal.run.HostExit;
import dev.backgroundtasks.launcher.internal.run.LaunchEnvironment;
import dev.backgroundtasks.launcher.internal.run.Launcher;
import dev.backgroundtasks.launcher.internal.run.PreparedFramework;
import dev.backgroundtasks.launcher.internal.run.WarmUp;

/**
 * A pre-warmed one-shot host (README "Warm host"): started detached by {@link WarmHosts} with the JVM
 * options of the clients it serves, it takes its key's lock (held: it exits at once), warms up on a
 * throwaway framework and rehearses a whole run on a throwaway profile ({@link WarmUp}), listens on its key's socket, serves exactly one run through the same
 * {@link Launcher} steps as a cold run, starts its successor, and exits with the run's code. Idle, it
 * exits after its bound, or when launcher.jar or the JDK changed, an update is staged, or the
 * installation is gone. It holds no installation lock while idle.
 */
public final class WarmHost {
    private static final int WARM_UP_ROUNDS = 3;
    /** Whole runs of the rehearsal task: the second one finds the first's code compiled. */
    private static final int REHEARSALS = 2;
    /** The quiet before a host listens (its CPU under a tenth of a core), how often it is looked at, the most waited. */
    private static final long QUIET_MS = 100;
    private static final long QUIET_POLL_MS = 20;
    private static final long QUIET_MAX_MS = 3_000;
    private static final long CHECK_MS = 2_000;
    private static final long DEFAULT_IDLE_SEC = 600;

    private enum State { IDLE, HANDLING, RUNNING, EXITING }

    private final Installation installation;
    private final Map<String, String> env;
    private final WarmKey key;
    private final long idleNanos;
    private final String jarKey;
    private final String jdkKey;
    private State state = State.IDLE;
    private ServerSocketChannel server;
    private FileLocks.Held lock;
    private volatile SocketChannel client;
    /** The arguments of the run served, handed to the successor to prepare for. */
    private volatile List<String> served = List.of();
    /** The socket file is this host's until it removes it once (a successor binds the same name). */
    private boolean socketOwned;
    private final AtomicBoolean ended = new AtomicBoolean();
    /** The run returned to this host (not System.exit, not the watchdog): it starts the successor itself. */
    private volatile boolean returned;
    private final AtomicBoolean successorStarted = new AtomicBoolean();
    /** The run the predecessor served, which this host prepares a framework for (empty: none). */
    private final List<String> expected;
    private final Relay outRelay = new Relay();
    private final Relay errRelay = new Relay();
    private final PrintStream out = relayed(outRelay);
    private final PrintStream err = relayed(errRelay);
    private Optional<PreparedFramework> prepared = Optional.empty();

    private WarmHost(Installation installation, Map<String, String> env, WarmKey key, List<String> expected)
            throws IOException {
        this.installation = installation;
        this.expected = expected;
        this.env = env;
        this.key = key;
        this.idleNanos = idleSeconds(env.get(WarmKey.IDLE_VARIABLE)) * 1_000_000_000L;
        this.jarKey = WarmKey.fileKey(installation.root().resolve("launcher.jar"));
        this.jdkKey = jdkKey();
    }

    /** {@code options}: the JVM options of the clients this host serves (part of its key). */
    public static void main(String... options) {
        int code;
        try {
            code = start(List.of(options));
        } catch (IOException | RuntimeException e) {
            code = 1;
        }
        System.exit(code);
    }

    private static int start(List<String> options) throws IOException {
        Map<String, String> env = System.getenv();
        Installation installation = Installation.locate();
        Optional<WarmKey> key = WarmKey.ofOptions(installation, env, options);
        if (key.isEmpty() || !WarmKey.supported()) {
            return 1;
        }
        try {
            RuntimeDirectory.open(env, installation.installHash());
        } catch (dev.backgroundtasks.launcher.internal.profile.Profile.ProfileException e) {
            return 1;
        }
        SafeFiles.ensurePrivateDirectory(key.get().folder());
        Optional<FileLocks.Held> lock = FileLocks.tryLock(key.get().lock(), false);
        if (lock.isEmpty()) {
            return 0; // another host serves this key
        }
        WarmHost host = new WarmHost(installation, env, key.get(), WarmHosts.readExpected(System.in));
        host.lock = lock.get();
        return host.serve();
    }

    static long idleSeconds(String value) {
        try {
            long n = value == null ? DEFAULT_IDLE_SEC : Long.parseLong(value.trim());
            return n >= 1 && n <= 3600 ? n : DEFAULT_IDLE_SEC;
        } catch (NumberFormatException e) {
            return DEFAULT_IDLE_SEC;
        }
    }

    private int serve() throws IOException {
        ExitCodes.listen(this::ending);
        for (int i = 0; i < WARM_UP_ROUNDS; i++) {
            WarmUp.once(installation, env);
        }
        for (int i = 0; i < REHEARSALS; i++) {
            if (!WarmUp.rehearse(installation, env)) {
                return 1; // JUL now writes to the rehearsal's console: no run of a client's may come here
            }
        }
        prepare();
        awaitQuiet();
        Path socket = key.socket();
        Files.deleteIfExists(socket); // a dead host's: the lock is ours, so no live host listens there
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        synchronized (this) {
            socketOwned = true;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(this::removeSocket, "backgroundtasks-warm-socket"));
        Thread watch = new Thread(this::watch, "backgroundtasks-warm-watch");
        watch.setDaemon(true);
        watch.start();
        while (true) {
            SocketChannel channel;
            try {
                channel = server.accept();
            } catch (IOException closed) {
                prepared.ifPresent(PreparedFramework::discard);
                return 0; // the watch closed it: idle exit
            }
            if (!begin(State.HANDLING)) {
                WarmClient.closeQuietly(channel);
                prepared.ifPresent(PreparedFramework::discard);
                return 0;
            }
            Optional<Accepted> accepted = handle(channel);
            if (accepted.isPresent()) {
                return run(channel, accepted.get());
            }
            WarmClient.closeQuietly(channel);
            synchronized (this) {
                state = State.IDLE;
                notifyAll();
            }
        }
    }

    /**
     * Waits, at most {@link #QUIET_MAX_MS}, until this JVM used less than a tenth of a core for
     * {@link #QUIET_MS}: the warm-up and the rehearsals leave C2 a queue of work that would otherwise run on
     * one of the machine's cores beside the first run a client hands over (measured on two cores: a run
     * right after a host began to listen took 296 ms, 230 ms after 1.5 s more).
     */
    private static void awaitQuiet() {
        if (!(java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.OperatingSystemMXBean os) || os.getProcessCpuTime() < 0) {
            return;
        }
        long end = System.nanoTime() + QUIET_MAX_MS * 1_000_000L;
        long windowStart = System.nanoTime();
        long cpuAtStart = os.getProcessCpuTime();
        while (System.nanoTime() - end < 0) {
            try {
                Thread.sleep(QUIET_POLL_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            long wall = System.nanoTime() - windowStart;
            if (wall >= QUIET_MS * 1_000_000L) {
                long cpu = os.getProcessCpuTime() - cpuAtStart;
                if (cpu * 10 < wall) {
                    return;
                }
                windowStart = System.nanoTime();
                cpuAtStart = os.getProcessCpuTime();
            }
        }
    }

    /**
     * The framework of the run expected next, made ready now; discarded when making it printed anything
     * (a cold run would print that in its place) or the run is not a plain one on an ephemeral profile.
     */
    private void prepare() {
        if (expected.isEmpty()) {
            return;
        }
        prepared = PreparedFramework.prepare(installation, env, expected, new Console(out, err));
        out.flush();
        err.flush();
        if (outRelay.written() || errRelay.written()) {
            prepared.ifPresent(PreparedFramework::discard);
            prepared = Optional.empty();
        }
    }

    private record Accepted(WarmFrames.Request request, long startNanos, TaskLookup lookup) {
    }

    /** The request, checked: ACCEPT and the client's GO, or empty after a DECLINE or any doubt. */
    private Optional<Accepted> handle(SocketChannel channel) {
        WarmClient.Deadline deadline = WarmClient.Deadline.start(channel, WarmClient.ANSWER_MS);
        try {
            if (!WarmClient.ownUser(channel)) {
                return Optional.empty();
            }
            WarmFrames.Frame frame = WarmFrames.read(channel);
            if (frame.type() != WarmFrames.REQUEST) {
                return Optional.empty();
            }
            long startNanos = System.nanoTime();
            WarmFrames.Request request = WarmFrames.Request.decode(frame.payload());
            Optional<TaskLookup> lookup = accepts(request);
            if (lookup.isEmpty()) {
                WarmFrames.write(channel, WarmFrames.DECLINE, new byte[0]);
                return Optional.empty();
            }
            WarmFrames.write(channel, WarmFrames.ACCEPT, new byte[0]);
            WarmFrames.Frame go = WarmFrames.read(channel);
            if (go.type() != WarmFrames.GO || !deadline.cancel()) {
                return Optional.empty();
            }
            return Optional.of(new Accepted(request, startNanos, lookup.get()));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        } finally {
            deadline.cancel();
        }
    }

    /**
     * What a cold run would see is what this host has, and the task may run here: the task's lookup, which
     * the run uses in its turn, or empty.
     */
    private Optional<TaskLookup> accepts(WarmFrames.Request request) {
        if (!request.env().equals(env) || !request.cwd().equals(System.getProperty("user.dir")) || changed() != null
                || !ExitCodes.observable()) {
            return Optional.empty();
        }
        LaunchRequest launch;
        try {
            launch = LauncherCommandLine.parse(request.args().toArray(new String[0]));
        } catch (UsageException e) {
            return Optional.empty();
        }
        String mode = WarmKey.mode(env);
        if (!launch.plainTaskRun() || "off".equals(mode)) {
            return Optional.empty();
        }
        // through the runtime directory's manifest index, as the run's own lookup: a jar is read only when it changed
        ManifestIndex index = ManifestIndex.in(RuntimeDirectory.location(env, installation.installHash()));
        TaskLookup lookup = TaskLookup.scan(installation, env, index);
        Optional<TaskLookup.TaskDeclaration> task = lookup.find(launch.taskName()).task();
        if (task.isEmpty()) {
            return Optional.empty();
        }
        TaskSettings settings = task.get().settings();
        boolean may = !settings.updating() && (settings.warmHost() || "always".equals(mode)) && !"off".equals(preference(launch));
        return may ? Optional.of(lookup) : Optional.empty();
    }

    /** The warm-host preference as the run would read it: defaults, an explicit profile's, then --pref. */
    private String preference(LaunchRequest launch) {
        LayeredPreferences prefs = LayeredPreferences.backgroundDefaults(installation.defaults());
        String explicit = launch.profile() != null ? launch.profile() : env.get("BACKGROUNDTASKS_PROFILE_PATH");
        if (explicit != null && !explicit.isEmpty()) {
            prefs.layer(LayeredPreferences.read(Path.of(explicit).resolve(LayeredPreferences.PROFILE_FILE)));
        }
        String given = launch.prefs().get(WarmKey.PREFERENCE);
        return given != null ? given : prefs.getString(WarmKey.PREFERENCE, "auto");
    }

    /**
     * The one run: the socket and the key's lock go first (the successor takes them), then the run goes
     * through the launcher's own steps with the client's environment and this connection's streams.
     */
    private int run(SocketChannel channel, Accepted accepted) {
        begin(State.RUNNING);
        served = accepted.request().args();
        removeSocket();
        lock.close();
        client = channel;
        Forwarded signals = new Forwarded();
        Thread reader = new Thread(() -> readClient(channel, signals, ended), "backgroundtasks-warm-client");
        reader.setDaemon(true);
        reader.start();
        outRelay.attach(WarmFrames.stream(channel, WarmFrames.OUT));
        errRelay.attach(WarmFrames.stream(channel, WarmFrames.ERR));
        System.setOut(out);
        System.setErr(err);
        ExitCodes.beforeRun();
        Map<String, String> switches = LaunchEnvironment.systemSwitches();
        switches.put(LaunchEnvironment.WARM_SWITCH, "true");
        Launcher launcher = new Launcher(new LaunchEnvironment(Installation::locate, accepted.request().env(),
                InputStream.nullInputStream(), out, err, signals, false, accepted.startNanos(), switches),
                prepared.orElse(null));
        launcher.handOver(accepted.lookup());
        int code = launcher.run(accepted.request().args().toArray(new String[0]));
        prepared.ifPresent(PreparedFramework::discard); // unless the run adopted it
        launcher.guardExit(code);
        returned = true;
        ending(code);
        if (ExitCodes.onlyOwnShutdownHooks()) {
            // the run returned: its profile is gone, and no hook of its own is left for this JVM's exit,
            // so the client need not wait for it (nor for the successor's start)
            try {
                channel.shutdownOutput();
            } catch (IOException e) {
                // the client is gone
            }
        }
        startSuccessor();
        return code;
    }

    /**
     * The run ends with {@code code}, whichever way: flush and tell the client, once; when the JVM ends
     * now (System.exit, the watchdog), start the successor too (a run that returned starts it in {@link #run}).
     */
    private void ending(int code) {
        SocketChannel c = client;
        if (c == null || !ended.compareAndSet(false, true)) {
            return;
        }
        System.out.flush();
        System.err.flush();
        try {
            synchronized (c) {
                WarmFrames.write(c, WarmFrames.EXIT, WarmFrames.code(code));
            }
            // the reader thread's blocked read returns now: the JVM's exit waits up to 300 ms for a thread
            // blocked in native code, and the client waits for this process to end
            c.shutdownInput();
        } catch (IOException e) {
            // the client is gone
        }
        if (!returned) {
            startSuccessor(); // the JVM ends now (System.exit, the watchdog)
        }
    }

    /** Starts the successor, once: the next host of this key, prepared for the run this one served. */
    private void startSuccessor() {
        if (!successorStarted.compareAndSet(false, true)) {
            return;
        }
        try {
            if (changed() == null && !"off".equals(WarmKey.mode(env))) {
                WarmHosts.start(installation, key, served);
            }
        } catch (IOException | RuntimeException e) {
            // no successor: the next cold run starts one
        }
    }

    /**
     * SIGNAL frames feed the run's signals; the client vanishing cancels the run as SIGHUP. Once the run
     * {@code ended}, its input is shut down and nothing is delivered any more.
     */
    private static void readClient(SocketChannel channel, Forwarded signals, AtomicBoolean ended) {
        try {
            while (true) {
                WarmFrames.Frame frame = WarmFrames.read(channel);
                if (frame.type() == WarmFrames.SIGNAL && !ended.get()) {
                    int code = frame.code();
                    signals.deliver(code, code == 130 ? "INT" : code == 129 ? "HUP" : "TERM");
                }
            }
        } catch (IOException e) { // EOF included: the client is gone, or the run ended and shut the input
            if (!ended.get()) {
                signals.deliver(129, "HUP");
            }
        }
    }

    /**
     * The run's signals: the host's own SIGTERM, SIGINT and SIGHUP and the client's forwarded ones. One
     * that comes before the run listens ends the JVM with its code, as a cold JVM's default handler would.
     */
    private static final class Forwarded implements Signals {
        private BiConsumer<Integer, String> receiver;

        @Override
        public void receive(BiConsumer<Integer, String> r) {
            synchronized (this) {
                receiver = r;
            }
            Signals.jvm().receive(this::deliver);
        }

        void deliver(int code, String name) {
            BiConsumer<Integer, String> r;
            synchronized (this) {
                r = receiver;
            }
            if (r == null) {
                System.exit(code);
            } else {
                r.accept(code, name);
            }
        }
    }

    private static PrintStream relayed(Relay relay) {
        String encoding = System.getProperty("stdout.encoding", System.getProperty("sun.stdout.encoding",
                Charset.defaultCharset().name()));
        BufferedOutputStream buffered = new BufferedOutputStream(relay, 8192);
        try {
            return new PrintStream(buffered, true, encoding);
        } catch (UnsupportedEncodingException e) {
            return new PrintStream(buffered, true);
        }
    }

    /** Moves from IDLE to {@code next}; false when the host is exiting. */
    private synchronized boolean begin(State next) {
        if (state == State.EXITING) {
            return false;
        }
        state = next;
        return true;
    }

    /** Every {@link #CHECK_MS}: an idle host past its bound, or whose installation changed, exits. */
    private void watch() {
        long idleSince = System.nanoTime();
        synchronized (this) {
            while (true) {
                try {
                    wait(CHECK_MS);
                } catch (InterruptedException e) {
                    return;
                }
                if (state == State.RUNNING) {
                    return;
                }
                if (state != State.IDLE) {
                    idleSince = System.nanoTime();
                    continue;
                }
                if (System.nanoTime() - idleSince > idleNanos || changed() != null) {
                    state = State.EXITING;
                    break;
                }
            }
        }
        removeSocket();
        try {
            server.close();
        } catch (IOException e) {
            // exiting anyway
        }
    }

    /** Why this host may no longer serve, or null. */
    private String changed() {
        if (!Files.isDirectory(installation.root(), LinkOption.NOFOLLOW_LINKS)) {
            return "the installation is gone";
        }
        if (!Files.isDirectory(Path.of(System.getProperty("user.dir")))) {
            return "its working directory is gone"; // no client can have this key any more
        }
        if (Files.exists(installation.root().resolve("updates").resolve("staged").resolve("update.properties"))) {
            return "an update is staged";
        }
        try {
            if (!jarKey.equals(WarmKey.fileKey(installation.root().resolve("launcher.jar")))) {
                return "launcher.jar changed";
            }
            if (!jdkKey.equals(jdkKey())) {
                return "the JDK changed";
            }
        } catch (IOException | RuntimeException e) {
            return "launcher.jar or the JDK cannot be read";
        }
        return null;
    }

    private static String jdkKey() throws IOException {
        return WarmKey.fileKey(Path.of(System.getProperty("java.home"), "lib", "modules"));
    }

    private synchronized void removeSocket() {
        if (!socketOwned) {
            return;
        }
        socketOwned = false;
        try {
            Files.deleteIfExists(key.socket());
        } catch (IOException e) {
            // a socket file left behind is found dead and replaced
        }
    }
}
