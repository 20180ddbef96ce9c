package dev.backgroundtasks.actors.internal;

import java.io.IOException;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import dev.backgroundtasks.actors.DestroyReason;
import dev.backgroundtasks.api.FrameworkProperties;

/**
 * This process's connection to the running application's background thread, over its socket: the root
 * of every child opened with {@code openToApplication}. One per process at a time, opened at the first
 * use and again after it ended.
 */
final class ApplicationClient extends SocketConnection implements Uplink {
    private final Map<Long, ChildSide<?, ?>> live = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private final Path socket;

    private ApplicationClient(SocketChannel channel, Path socket, PrintStream reports) throws IOException {
        super(channel, "backgroundtasks-actors-client", reports);
        this.socket = socket;
    }

    /**
     * Connects to {@code background.sock} in the runtime directory; IOException when no application
     * listens (no socket, or a stale one) or when the listener is not this user's.
     */
    static ApplicationClient connect(Path runtimeDirectory, PrintStream reports) throws IOException {
        Path socket = runtimeDirectory.resolve(FrameworkProperties.APPLICATION_SOCKET);
        SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            channel.connect(UnixDomainSocketAddress.of(socket));
            UserPrincipal owner = Files.getOwner(runtimeDirectory);
            UserPrincipal peer = Peers.user(channel);
            if (!peer.equals(owner)) {
                throw new IOException("the application listening on " + socket + " runs as " + peer.getName()
                        + ", not as " + owner.getName() + ", the owner of the runtime directory");
            }
            ApplicationClient client = new ApplicationClient(channel, socket, reports);
            client.send(Wire.hello(ProcessHandle.current().pid()), false);
            client.start();
            return client;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** Makes the child's pair on this connection; it may send at once. */
    void open(ChildSide<?, ?> child) {
        long id = ids.incrementAndGet();
        child.wireId = id;
        child.link(this);
        live.put(id, child);
        if (!send(Wire.open(id, child.schema.name(), child.schema.fingerprint()), false) || isEnded()) {
            if (live.remove(id) != null) {
                child.end(DestroyReason.ABNORMAL_SHUTDOWN);
            }
        }
    }

    // -------------------------------------------------------------------------------------- Uplink

    @Override
    public boolean message(ChildSide<?, ?> child, MessageType type, Object message) {
        return send(Wire.message(child.wireId, type, message), true);
    }

    @Override
    public boolean request(ChildSide<?, ?> child, long request, MessageType type, Object message) {
        return send(Wire.request(child.wireId, request, type, message), true);
    }

    @Override
    public void close(ChildSide<?, ?> child) {
        if (live.remove(child.wireId) != null) {
            closedHere.add(child.wireId);
            send(Wire.close(child.wireId, DestroyReason.DELETION.name()), false);
        }
    }

    // ------------------------------------------------------------------------------------- frames in

    @Override
    Next frame(byte[] frame, int length) throws ProtocolViolation {
        try (Wire.Reader reader = new Wire.Reader(frame, length)) {
            int type = reader.type();
            switch (type) {
                case Wire.MESSAGE -> {
                    long id = reader.number("an actor id");
                    ChildSide<?, ?> child = child(id);
                    if (child == null) {
                        return Next.GO_ON; // it crossed this side's close
                    }
                    MessageType declared = declared(reader, child.schema, true);
                    Object message = reader.record(declared.record);
                    reader.end();
                    child.deliver(message, null);
                }
                case Wire.REPLY, Wire.FAIL -> {
                    long id = reader.number("an actor id");
                    long request = reader.number("a request id");
                    ChildSide<?, ?> child = child(id);
                    if (child == null) {
                        return Next.GO_ON;
                    }
                    Shape reply = child.replyShape(request);
                    if (reply == null) {
                        throw new ProtocolViolation("a reply to no request (" + request + ") of protocol '"
                                + child.schema.name() + "'");
                    }
                    if (type == Wire.REPLY) {
                        Object value = reader.value(reply);
                        reader.end();
                        child.replied(request, value);
                    } else {
                        String text = reader.string("a failure's text");
                        reader.end();
                        child.failed(request, text);
                    }
                }
                case Wire.CLOSE -> {
                    long id = reader.number("an actor id");
                    DestroyReason reason = closeReason(reader.string("a destroy reason"));
                    reader.end();
                    ChildSide<?, ?> child = live.remove(id);
                    if (child != null) {
                        child.end(reason);
                        // the answer (a child's close is always a deletion): nothing of this pair follows it
                        send(Wire.close(id, DestroyReason.DELETION.name()), false);
                    } else {
                        closeAnswered(id);
                    }
                }
                case Wire.SHUTDOWN, Wire.ERROR -> {
                    return ending(type, reader, "the application cut the actors connection");
                }
                default -> throw new ProtocolViolation("an unexpected frame of type " + type);
            }
            return Next.GO_ON;
        }
    }

    /** The live child of that id; null for one this side closed (what crossed it is dropped). */
    private ChildSide<?, ?> child(long id) throws ProtocolViolation {
        return pair(live, id, ids.get());
    }

    private static DestroyReason closeReason(String name) throws ProtocolViolation {
        return switch (name) {
            case "DELETION" -> DestroyReason.DELETION;
            case "FAILED_CONSTRUCTOR" -> DestroyReason.FAILED_CONSTRUCTOR;
            case "NORMAL_SHUTDOWN" -> DestroyReason.NORMAL_SHUTDOWN;
            default -> throw new ProtocolViolation("a close with the reason " + name);
        };
    }

    @Override
    void ended(DestroyReason reason) {
        for (Long id : live.keySet()) {
            ChildSide<?, ?> child = live.remove(id);
            if (child != null) {
                child.end(reason);
            }
        }
    }

    /** This process shuts down in order: its children see NORMAL_SHUTDOWN, and so do their parents. */
    void shutdown(long deadlineNanos) {
        shutdown(Wire.shutdown(), DestroyReason.NORMAL_SHUTDOWN, deadlineNanos);
    }

    @Override
    String describe() {
        return "to the application at " + socket;
    }
}
