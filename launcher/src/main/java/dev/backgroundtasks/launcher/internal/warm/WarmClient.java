package dev.backgroundtasks.launcher.internal.warm;

import java.io.EOFException;
import java.io.IOException;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jdk.net.ExtendedSocketOptions;

import dev.backgroundtasks.api.ExitCode;

import dev.backgroundtasks.launcher.internal.cli.LaunchRequest;
import dev.backgroundtasks.launcher.internal.cli.LauncherCommandLine;
import dev.backgroundtasks.launcher.internal.cli.UsageException;
import dev.backgroundtasks.launcher.internal.files.Installation;
import dev.backgroundtasks.launcher.internal.process.Signals;
import dev.backgroundtasks.launcher.internal.process.WarmKey;

/**
 * The client side of the warm path, run by {@code Main} before any Felix class is loaded: hands a
 * plain task run to the warm host of its key, when one listens and accepts, and relays its output,
 * signals and exit code. Any doubt before the host's ACCEPT (no socket, refused, another user's
 * peer, a bad frame, no answer within {@link #ANSWER_MS}) means the cold path, with nothing printed.
 */
public final class WarmClient {
    /** How long the host may take to accept or decline. */
    static final long ANSWER_MS = 5_000;
    /** How long the client waits, after EXIT, for the host process to end (its profile is gone then). */
    static final long END_MS = 10_000;
    /** The code when the code cannot be known: the host vanished mid-run. */
    private static final int COLD = -1;

    private final PrintStream out;
    private final PrintStream err;

    WarmClient(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    /** The run's exit code when a warm host ran it, else empty: run it cold. */
    public static Optional<Integer> run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        if ("off".equals(WarmKey.mode(env)) || !WarmKey.supported()) {
            return Optional.empty();
        }
        try {
            LaunchRequest request = LauncherCommandLine.parse(args);
            if (!request.plainTaskRun()) {
                return Optional.empty();
            }
        } catch (UsageException | RuntimeException e) {
            return Optional.empty(); // the cold path says what is wrong
        }
        Optional<WarmKey> key;
        Opener opener = null;
        try {
            Installation installation = Installation.locate();
            if (!Files.isDirectory(WarmKey.folder(installation, env), LinkOption.NOFOLLOW_LINKS)) {
                return Optional.empty(); // no host was ever started here: no key to compute
            }
            opener = Opener.begin();
            key = WarmKey.of(installation, env);
        } catch (RuntimeException e) {
            if (opener != null) {
                opener.discard();
            }
            return Optional.empty();
        }
        if (key.isEmpty() || !key.get().socketExists()) {
            opener.discard();
            return Optional.empty();
        }
        int code = new WarmClient(out, err).attempt(opener.channel(), key.get().socket(),
                new WarmFrames.Request(ownPid(), System.getProperty("user.dir"), List.of(args), env));
        return code == COLD ? Optional.empty() : Optional.of(code);
    }

    /** Set by {@code bin/backgroundtask}'s class-archive training run only. */
    public static final String TRAINING_PROPERTY = "dev.backgroundtasks.training";

    /**
     * The class-archive training run: the client's handshake once, against a listener of its own in a private
     * temporary folder, so that the archive holds a warm client's classes (the JDK's UNIX-domain channel and its
     * random source, SO_PEERCRED, the frames) besides the cold path's. From JDK 25 the AOT cache takes the
     * place of the JDK's default archive: a class the training never loaded is read from the module image.
     *
     * @return whether the handshake went through
     */
    public static boolean train(Map<String, String> env) {
        String tmp = env.get("TMPDIR");
        Path dir = null;
        try {
            dir = Files.createTempDirectory(Path.of(tmp != null && !tmp.isEmpty() ? tmp : System.getProperty("java.io.tmpdir")),
                    "backgroundtasks-training-");
            UnixDomainSocketAddress address = UnixDomainSocketAddress.of(dir.resolve("t.sock"));
            try (java.nio.channels.ServerSocketChannel server = java.nio.channels.ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
                server.bind(address);
                SocketChannel channel = Opener.begin().channel();
                if (channel == null) {
                    return false;
                }
                try {
                    channel.connect(address);
                    try (SocketChannel peer = server.accept()) {
                        Deadline deadline = Deadline.start(channel, ANSWER_MS);
                        ownUser(channel);
                        WarmFrames.write(channel, WarmFrames.REQUEST,
                                new WarmFrames.Request(ownPid(), "/", List.of(), Map.of()).encode());
                        WarmFrames.read(peer);
                        WarmFrames.write(peer, WarmFrames.EXIT, WarmFrames.code(0));
                        WarmFrames.read(channel).code();
                        new Forward(channel).getClass(); // its class, which a run loads for its signals, into the archive
                        return deadline.cancel();
                    }
                } finally {
                    closeQuietly(channel);
                }
            }
        } catch (IOException | RuntimeException e) {
            return false; // the archive holds the cold path's classes only
        } finally {
            if (dir != null) {
                dev.backgroundtasks.launcher.internal.files.SafeFiles.removeTree(dir);
            }
        }
    }

    /**
     * Opens the client's channel on a thread of its own while the key is computed: the JDK's first
     * UNIX-domain channel sets up NIO's selector provider and the JCA's random source (10-20 ms on a cold
     * JVM). A channel nobody takes is closed by the thread itself.
     */
    static final class Opener extends Thread {
        private SocketChannel channel;
        private boolean done;
        private boolean discarded;

        private Opener() {
            super("backgroundtasks-warm-open");
            setDaemon(true);
        }

        static Opener begin() {
            Opener opener = new Opener();
            opener.start();
            return opener;
        }

        @Override
        public void run() {
            SocketChannel opened = null;
            try {
                opened = SocketChannel.open(StandardProtocolFamily.UNIX);
            } catch (IOException | RuntimeException e) {
                // no channel: the cold path
            }
            synchronized (this) {
                if (discarded && opened != null) {
                    closeQuietly(opened);
                    opened = null;
                }
                channel = opened;
                done = true;
                notifyAll();
            }
        }

        /** The open channel, once the thread made it; null when it could not be opened. */
        synchronized SocketChannel channel() {
            while (!done) {
                try {
                    wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return null;
                }
            }
            return channel;
        }

        /** Nobody takes the channel: closed now, or by the thread once it is open. */
        synchronized void discard() {
            discarded = true;
            if (channel != null) {
                closeQuietly(channel);
                channel = null;
            }
        }
    }

    /**
     * This process's pid from {@code /proc/self}: {@code ProcessHandle} would set up its reaper executor
     * and the JDK's lambda machinery, 10-17 ms of a client's start.
     */
    static long ownPid() {
        try {
            return Long.parseLong(Files.readSymbolicLink(Path.of("/proc/self")).toString());
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    int attempt(SocketChannel channel, Path socket, WarmFrames.Request request) {
        if (channel == null) {
            return COLD;
        }
        Deadline answer = Deadline.start(channel, ANSWER_MS);
        try {
            channel.connect(UnixDomainSocketAddress.of(socket));
            if (!ownUser(channel)) {
                channel.close();
                return COLD;
            }
            WarmFrames.write(channel, WarmFrames.REQUEST, request.encode());
            WarmFrames.Frame reply = WarmFrames.read(channel);
            if (reply.type() != WarmFrames.ACCEPT || !answer.cancel()) {
                channel.close();
                return COLD;
            }
            WarmFrames.write(channel, WarmFrames.GO, new byte[0]);
        } catch (IOException | RuntimeException e) {
            answer.cancel();
            closeQuietly(channel);
            return COLD;
        }
        return relay(channel);
    }

    /** After GO: the run is the host's. Output as it comes, signals forwarded, the code at the end. */
    private int relay(SocketChannel channel) {
        Signals.jvm().receive(new Forward(channel));
        Integer exit = null;
        try {
            while (true) {
                WarmFrames.Frame frame = WarmFrames.read(channel);
                if (frame.type() == WarmFrames.OUT) {
                    out.write(frame.payload(), 0, frame.payload().length);
                    out.flush();
                } else if (frame.type() == WarmFrames.ERR) {
                    err.write(frame.payload(), 0, frame.payload().length);
                    err.flush();
                } else if (frame.type() == WarmFrames.EXIT) {
                    exit = frame.code();
                    break;
                } else {
                    throw new WarmFrames.BadFrame("an unexpected frame " + (char) frame.type());
                }
            }
        } catch (EOFException e) {
            // the host ended without an exit code
        } catch (IOException e) {
            closeQuietly(channel);
            err.println("error: the warm host's connection failed mid-run (" + e.getMessage()
                    + "); the task's outcome is unknown and it is not run again; see its run history");
            return ExitCode.FAILURE;
        }
        if (exit == null) {
            closeQuietly(channel);
            err.println("error: the warm host ended without an exit code (its process died); the task's outcome"
                    + " is unknown and it is not run again; set BACKGROUNDTASKS_WARM_HOST=off to run it cold");
            return ExitCode.FAILURE;
        }
        // EOF after EXIT: the host process ended, so its shutdown hooks (a task's, the profile's removal) ran;
        // or the host knows the run left no hook of its own and its profile is gone (JDK 17-23), and says so early
        Deadline end = Deadline.start(channel, END_MS);
        try {
            while (true) {
                WarmFrames.read(channel);
            }
        } catch (IOException e) {
            // EOF, or the bound passed
        }
        end.cancel();
        closeQuietly(channel);
        return exit;
    }

    /** A signal to this client, sent to the host as a SIGNAL frame (a named class: no lambda is spun). */
    private static final class Forward implements java.util.function.BiConsumer<Integer, String> {
        private final SocketChannel channel;

        Forward(SocketChannel channel) {
            this.channel = channel;
        }

        @Override
        public void accept(Integer code, String name) {
            try {
                synchronized (channel) {
                    WarmFrames.write(channel, WarmFrames.SIGNAL, WarmFrames.code(code));
                }
            } catch (IOException e) {
                // the host is gone: the relay reports it
            }
        }
    }

    /**
     * SO_PEERCRED: the peer runs as this process's user, the owner of {@code /proc/<pid>}. The link
     * {@code /proc/self} itself is root's: read without following it, every user but root was refused.
     */
    static boolean ownUser(SocketChannel channel) throws IOException {
        UserPrincipal peer = channel.getOption(ExtendedSocketOptions.SO_PEERCRED).user();
        UserPrincipal self = Files.getOwner(Path.of("/proc/self"));
        return peer.equals(self);
    }

    static void closeQuietly(SocketChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // closing
        }
    }

    /** Closes a channel when a bound passes, so that a blocked read or connect returns. */
    static final class Deadline implements Runnable {
        private final SocketChannel channel;
        private final long millis;
        private boolean cancelled;
        private boolean fired;

        private Deadline(SocketChannel channel, long millis) {
            this.channel = channel;
            this.millis = millis;
        }

        static Deadline start(SocketChannel channel, long millis) {
            Deadline d = new Deadline(channel, millis);
            Thread t = new Thread(d, "backgroundtasks-warm-deadline");
            t.setDaemon(true);
            t.start();
            return d;
        }

        @Override
        public synchronized void run() {
            long end = System.nanoTime() + millis * 1_000_000L;
            long left;
            while (!cancelled && (left = end - System.nanoTime()) > 0) {
                try {
                    wait(Math.max(1, left / 1_000_000L));
                } catch (InterruptedException e) {
                    return;
                }
            }
            if (!cancelled) {
                fired = true;
                closeQuietly(channel);
            }
        }

        /** True when cancelled before the bound passed. */
        synchronized boolean cancel() {
            cancelled = true;
            notifyAll();
            return !fired;
        }
    }
}
