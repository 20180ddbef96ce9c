package dev.backgroundtasks.actors.internal;

import java.io.IOException;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.UserPrincipal;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import dev.backgroundtasks.actors.DestroyReason;
import dev.backgroundtasks.api.FrameworkProperties;

/**
 * The application's side of the socket: listens on {@code background.sock} in the runtime directory
 * (replacing a stale one left by a killed application), refuses a process of another user at accept
 * before a byte is read ({@code SO_PEERCRED}), and serves each accepted process on a connection of its
 * own, so that a hostile or broken peer costs only its own connection. No TCP, ever.
 */
public final class ApplicationEndpoint {
    private final LocalBackground background;
    private final Path socket;
    private final Object socketKey;
    private final UserPrincipal user;
    private final ServerSocketChannel server;
    private final Thread acceptor;
    private final Set<ApplicationConnection> connections = ConcurrentHashMap.newKeySet();
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private volatile boolean closed;

    private ApplicationEndpoint(LocalBackground background, Path socket, ServerSocketChannel server)
            throws IOException {
        this.background = background;
        this.socket = socket;
        this.server = server;
        this.socketKey = Files.readAttributes(socket, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
        // the socket file was just made by this process: its owner is this process's (effective) user
        this.user = Files.getOwner(socket, LinkOption.NOFOLLOW_LINKS);
        this.acceptor = new Thread(this::accept, "backgroundtasks-actors-listener");
        acceptor.setDaemon(true);
    }

    /**
     * Listens for {@code background}'s parents on {@code <runtimeDirectory>/background.sock}.
     *
     * @throws IOException when another live application listens there, or the socket cannot be made
     */
    static ApplicationEndpoint listen(Path runtimeDirectory, LocalBackground background) throws IOException {
        Path socket = runtimeDirectory.resolve(FrameworkProperties.APPLICATION_SOCKET);
        if (Files.exists(socket, LinkOption.NOFOLLOW_LINKS)) {
            if (answers(socket)) {
                throw new IOException("another application already listens on " + socket);
            }
            Files.delete(socket); // stale: left by an application that was killed
        }
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            server.bind(UnixDomainSocketAddress.of(socket));
            ApplicationEndpoint endpoint = new ApplicationEndpoint(background, socket, server);
            endpoint.acceptor.start();
            return endpoint;
        } catch (IOException | RuntimeException e) {
            server.close();
            throw e;
        }
    }

    /** Whether something accepts connections on that socket (false for a stale one). */
    static boolean answers(Path socket) {
        try (SocketChannel probe = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            probe.connect(UnixDomainSocketAddress.of(socket));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    public Path socket() {
        return socket;
    }

    /** Connections accepted and refused so far (for tests and reports). */
    public long accepted() {
        return accepted.get();
    }

    public long refused() {
        return refused.get();
    }

    public int connectionCount() {
        return connections.size();
    }

    private void accept() {
        int next = 0;
        while (!closed) {
            SocketChannel channel;
            try {
                channel = server.accept();
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                if (!closed) {
                    background.reports().println("backgroundtasks: the actors socket " + socket + " failed: " + e);
                }
                return;
            }
            try {
                UserPrincipal peer = Peers.user(channel);
                if (!peer.equals(user)) {
                    refused.incrementAndGet();
                    channel.close();
                    background.reports().println("backgroundtasks: refused a connection to " + socket
                            + " from user " + peer.getName() + ": only " + user.getName() + " may connect");
                    continue;
                }
                ApplicationConnection connection = new ApplicationConnection(channel, ++next);
                connections.add(connection);
                accepted.incrementAndGet();
                connection.start();
                if (closed) {
                    connection.shutdown(System.nanoTime());
                }
            } catch (IOException e) {
                refused.incrementAndGet();
                background.reports().println("backgroundtasks: refused a connection to " + socket + ": " + e.getMessage());
                try {
                    channel.close();
                } catch (IOException ignored) {
                    // refused either way
                }
            }
        }
    }

    /** Stops accepting and removes the socket file (if it is still the one this endpoint made). */
    void stopAccepting() {
        closed = true;
        try {
            server.close();
        } catch (IOException ignored) {
            // closing is all that is left to do
        }
        try {
            BasicFileAttributes now = Files.readAttributes(socket, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (Objects.equals(now.fileKey(), socketKey)) {
                Files.delete(socket);
            }
        } catch (IOException ignored) {
            // already gone
        }
        try {
            acceptor.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Orderly end: every connection gets SHUTDOWN after what it has queued, within the deadline. */
    void shutdown(long deadlineNanos) {
        stopAccepting();
        for (ApplicationConnection connection : List.copyOf(connections)) {
            connection.shutdown(deadlineNanos);
        }
    }

    /** One accepted process: its pairs' parents live on the background thread. */
    final class ApplicationConnection extends SocketConnection implements Downlink {
        /** What the connection's thread may queue for the background thread before it stops reading. */
        static final int POSTED_HIGH = 4096;
        static final int POSTED_LOW = 1024;

        private final int number;
        private final ConcurrentHashMap<Long, ParentSide> live = new ConcurrentHashMap<>();
        private final AtomicInteger posted = new AtomicInteger();
        private volatile boolean paused;
        private long maxOpened;
        private boolean greeted;
        private long peerPid = -1;

        ApplicationConnection(SocketChannel channel, int number) throws IOException {
            super(channel, "backgroundtasks-actors-connection-" + number, background.reports());
            this.number = number;
        }

        @Override
        Next frame(byte[] frame, int length) throws ProtocolViolation {
            try (Wire.Reader reader = new Wire.Reader(frame, length)) {
                int type = reader.type();
                if (!greeted) {
                    if (type != Wire.HELLO) {
                        throw new ProtocolViolation("the first frame is not a hello");
                    }
                    if (!Wire.MAGIC.equals(reader.string("the protocol's name"))) {
                        throw new ProtocolViolation("not an actors client");
                    }
                    long version = reader.number("a version");
                    if (version != Wire.VERSION) {
                        throw new ProtocolViolation("version " + version + " of the wire format; this side speaks "
                                + Wire.VERSION);
                    }
                    peerPid = reader.number("a pid");
                    reader.end();
                    greeted = true;
                    return Next.GO_ON;
                }
                switch (type) {
                    case Wire.OPEN -> open(reader);
                    case Wire.MESSAGE, Wire.REQUEST -> {
                        long id = reader.number("an actor id");
                        long request = type == Wire.REQUEST ? reader.number("a request id") : -1;
                        if (request < -1) {
                            throw new ProtocolViolation("a negative request id");
                        }
                        ParentSide parent = parent(id);
                        if (parent == null) {
                            return Next.GO_ON; // it crossed this side's close
                        }
                        MessageType declared = declared(reader, parent.schema, false);
                        if (type == Wire.REQUEST && declared.reply == null) {
                            throw new ProtocolViolation(declared.identity() + " of protocol '" + parent.schema.name()
                                    + "' is not a request");
                        }
                        Object message = reader.record(declared.record);
                        reader.end();
                        post(() -> parent.receive(declared, message, request));
                    }
                    case Wire.CLOSE -> {
                        long id = reader.number("an actor id");
                        String reason = reader.string("a destroy reason");
                        reader.end();
                        if (!reason.equals(DestroyReason.DELETION.name())) {
                            throw new ProtocolViolation("a child's close with the reason " + reason);
                        }
                        ParentSide parent = live.remove(id);
                        if (parent != null) {
                            post(() -> {
                                parent.peerEnded(DestroyReason.DELETION);
                                send(Wire.close(id, DestroyReason.DELETION.name()), false); // the answer, last of the pair
                            });
                        } else {
                            closeAnswered(id);
                        }
                    }
                    case Wire.SHUTDOWN, Wire.ERROR -> {
                        return ending(type, reader, "a client (" + describe() + ") cut its actors connection");
                    }
                    default -> throw new ProtocolViolation("an unexpected frame of type " + type);
                }
                if (posted.get() > POSTED_HIGH && !paused) {
                    paused = true;
                    reading(false);
                }
                return Next.GO_ON;
            }
        }

        private void open(Wire.Reader reader) throws ProtocolViolation {
            long id = reader.number("an actor id");
            String protocol = reader.string("a protocol name");
            long fingerprint = reader.number("a fingerprint");
            reader.end();
            if (id <= maxOpened) {
                throw new ProtocolViolation("an open of pair " + id + ", not above " + maxOpened);
            }
            maxOpened = id;
            Factories.Entry entry = background.factories().find(protocol);
            if (entry != null && entry.schema().fingerprint() != fingerprint) {
                reports.println("backgroundtasks: a client (" + describe() + ") opened protocol '" + protocol
                        + "' with another declaration than the application's (different records or types)");
                entry = null;
            }
            if (entry == null || background.isClosed()) {
                closedHere.add(id);
                send(Wire.close(id, DestroyReason.FAILED_CONSTRUCTOR.name()), false);
                return;
            }
            BackgroundThread thread = background.thread();
            ParentSide parent = new ParentSide(entry.schema(), entry.factory(), this, thread, background.parents(),
                    reports, id);
            live.put(id, parent);
            post(parent::create);
        }

        private ParentSide parent(long id) throws ProtocolViolation {
            return pair(live, id, maxOpened);
        }

        /** Queues work for the background thread, counting it for back-pressure. */
        private void post(Runnable work) {
            posted.incrementAndGet();
            try {
                background.thread().execute(() -> {
                    try {
                        work.run();
                    } finally {
                        if (posted.decrementAndGet() <= POSTED_LOW && paused) {
                            paused = false;
                            reading(true);
                        }
                    }
                });
            } catch (java.util.concurrent.RejectedExecutionException closing) {
                posted.decrementAndGet();
            }
        }

        // ------------------------------------------------------------------------------ Downlink

        @Override
        public boolean message(ParentSide parent, MessageType type, Object message) {
            return send(Wire.message(parent.wireId, type, message), true);
        }

        @Override
        public void reply(ParentSide parent, long request, MessageType type, Object value) {
            byte[] frame;
            try {
                frame = Wire.reply(parent.wireId, request, type.reply, value);
            } catch (IllegalArgumentException e) {
                frame = Wire.fail(parent.wireId, request, "protocol '" + parent.schema.name() + "': the reply to "
                        + type.identity() + " cannot be encoded: " + e.getMessage());
            }
            send(frame, false);
        }

        @Override
        public void fail(ParentSide parent, long request, String text) {
            send(Wire.fail(parent.wireId, request, text), false);
        }

        @Override
        public void close(ParentSide parent, DestroyReason reason) {
            if (live.remove(parent.wireId) != null) {
                closedHere.add(parent.wireId);
                send(Wire.close(parent.wireId, reason.name()), false);
            }
        }

        @Override
        public boolean isOtherProcess() {
            return true;
        }

        @Override
        void ended(DestroyReason reason) {
            connections.remove(this);
            for (Long id : live.keySet()) {
                ParentSide parent = live.remove(id);
                if (parent != null) {
                    post(() -> parent.peerEnded(reason));
                }
            }
        }

        void shutdown(long deadlineNanos) {
            shutdown(Wire.shutdown(), DestroyReason.NORMAL_SHUTDOWN, deadlineNanos);
        }

        @Override
        String describe() {
            return "connection " + number + (peerPid >= 0 ? " from pid " + peerPid : "");
        }
    }
}
