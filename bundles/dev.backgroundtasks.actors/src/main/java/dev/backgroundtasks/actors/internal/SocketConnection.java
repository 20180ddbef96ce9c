package dev.backgroundtasks.actors.internal;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import dev.backgroundtasks.actors.DestroyReason;

/**
 * One Unix domain socket connection, either end: frames of a 4-byte big-endian length and at most
 * 1 MiB. A thread of its own reads (and decodes, off the background thread); any thread writes, at once
 * when the socket takes it, else into a queue the connection's thread drains, so that a send never
 * blocks. The connection is the root of its pairs: when it ends, for whatever reason, {@link #ended}
 * runs once.
 */
abstract class SocketConnection {
    /** Bytes of frames the socket has not taken yet beyond which a message (not a control frame) is refused. */
    static final long OUTBOUND_LIMIT = 8L << 20;

    /** What a frame asks of the connection. */
    enum Next { GO_ON, SHUT_DOWN, PROTOCOL_ERROR }

    private final SocketChannel channel;
    private final Selector selector;
    private final SelectionKey key;
    private final Thread thread;
    final PrintStream reports;

    private final Object out = new Object();
    private final ArrayDeque<ByteBuffer> queue = new ArrayDeque<>();
    private long queued;
    /** Set when the last frame is queued: nothing may follow it. */
    private boolean closing;
    private volatile boolean reading = true;

    /** Pairs this side closed, until the other side's close (its answer, or a crossing one) arrives. */
    final Set<Long> closedHere = ConcurrentHashMap.newKeySet();

    private final AtomicReference<DestroyReason> reason = new AtomicReference<>();
    private volatile boolean finished;

    private final ByteBuffer in = ByteBuffer.allocate(64 * 1024);
    private final ByteBuffer header = ByteBuffer.allocate(4);
    private byte[] body = new byte[16 * 1024];
    private int bodyLength = -1;
    private int bodyRead;

    SocketConnection(SocketChannel channel, String threadName, PrintStream reports) throws IOException {
        this.channel = channel;
        this.reports = reports;
        channel.configureBlocking(false);
        this.selector = Selector.open();
        this.key = channel.register(selector, SelectionKey.OP_READ);
        this.thread = new Thread(this::run, threadName);
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** Handles one whole frame on the connection's thread. */
    abstract Next frame(byte[] frame, int length) throws ProtocolViolation;

    /** The connection ended; called once, on the connection's thread (or the one that closed it). */
    abstract void ended(DestroyReason reason);

    /**
     * The live side of pair {@code id} for a frame on it; null for a pair this side closed (what crossed
     * its close is dropped); a violation for a pair never opened ({@code id} above {@code highestOpened})
     * or already closed by both sides.
     */
    final <T> T pair(Map<Long, T> live, long id, long highestOpened) throws ProtocolViolation {
        T side = live.get(id);
        if (side == null && !closedHere.contains(id)) {
            throw new ProtocolViolation(id > 0 && id <= highestOpened
                    ? "a message on pair " + id + " after its close" : "a message on pair " + id + ", never opened");
        }
        return side;
    }

    /** The message a frame names next, as {@code schema} declares it in that direction; a violation when it does not. */
    static MessageType declared(Wire.Reader reader, ProtocolSchema schema, boolean toChild) throws ProtocolViolation {
        String identity = reader.string("a message identity");
        MessageType declared = toChild ? schema.toChild(identity) : schema.toParent(identity);
        if (declared == null) {
            throw new ProtocolViolation("protocol '" + schema.name() + "' has no message " + identity
                    + (toChild ? " to the child" : " to the parent"));
        }
        return declared;
    }

    /** The other side's close of a pair that is not live here: the answer to this side's close, or a violation. */
    final void closeAnswered(long id) throws ProtocolViolation {
        if (!closedHere.remove(id)) {
            throw new ProtocolViolation("a close of pair " + id + ", which is not open");
        }
    }

    /**
     * A {@link Wire#SHUTDOWN} or {@link Wire#ERROR} frame, either of which ends the connection; an error's
     * text is reported after {@code cut}, which says who cut the connection.
     */
    final Next ending(int type, Wire.Reader reader, String cut) throws ProtocolViolation {
        if (type == Wire.SHUTDOWN) {
            reader.end();
            return Next.SHUT_DOWN;
        }
        String text = reader.string("an error's text");
        reports.println("backgroundtasks: " + cut + ": " + text);
        return Next.PROTOCOL_ERROR;
    }

    boolean isEnded() {
        return reason.get() != null || finished;
    }

    // ----------------------------------------------------------------------------------- writing

    /**
     * Writes a whole frame, from any thread, never blocking. A {@code capped} frame (a message or a
     * request) is refused while the queue holds more than {@link #OUTBOUND_LIMIT}; control frames (open,
     * close, replies) always go. False when refused or when the connection ended.
     */
    boolean send(byte[] frame, boolean capped) {
        synchronized (out) {
            if (closing || isEnded()) {
                return false;
            }
            if (capped && queued > OUTBOUND_LIMIT) {
                return false;
            }
            return write(frame);
        }
    }

    /** Under the lock: writes at once what the socket takes, queues the rest. */
    private boolean write(byte[] frame) {
        ByteBuffer buffer = ByteBuffer.wrap(frame);
        if (queue.isEmpty()) {
            try {
                channel.write(buffer);
            } catch (IOException e) {
                broken();
                return false;
            }
            if (!buffer.hasRemaining()) {
                return true;
            }
        }
        queue.add(buffer);
        queued += buffer.remaining();
        interest();
        selector.wakeup();
        return true;
    }

    /** On the connection's thread: writes what the socket takes now. */
    private void flush() throws IOException {
        synchronized (out) {
            while (!queue.isEmpty()) {
                ByteBuffer head = queue.peek();
                int before = head.remaining();
                channel.write(head);
                queued -= before - head.remaining();
                if (head.hasRemaining()) {
                    break;
                }
                queue.poll();
            }
            interest();
            if (queue.isEmpty()) {
                out.notifyAll();
            }
        }
    }

    /** Stops or resumes reading: back-pressure when the receiver does not keep up. Any thread. */
    void reading(boolean on) {
        synchronized (out) {
            if (reading == on) {
                return;
            }
            reading = on;
            interest();
        }
        selector.wakeup();
    }

    private void interest() {
        if (key.isValid()) {
            key.interestOps((reading ? SelectionKey.OP_READ : 0) | (queue.isEmpty() ? 0 : SelectionKey.OP_WRITE));
        }
    }

    private void broken() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing is all that is left to do
        }
        selector.wakeup();
    }

    // ------------------------------------------------------------------------------------- ending

    /**
     * Ends in order: a last frame (SHUTDOWN) after everything queued; then, within the deadline, waits
     * for the other side to close its end, still reading what crosses. Closing with unread bytes
     * would make the kernel reset the connection, and the other side could lose the frames still on
     * their way to it. Any thread but the connection's own.
     */
    void shutdown(byte[] lastFrame, DestroyReason why, long deadlineNanos) {
        // the reason first: the other side may hang up as soon as it reads the last frame
        reason.compareAndSet(null, why);
        synchronized (out) {
            if (!closing && !finished) {
                write(lastFrame);
            }
            closing = true;
            while (!finished && channel.isOpen()) {
                long left = deadlineNanos - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                try {
                    out.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        broken();
        try {
            thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime())));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A protocol error found here: reported, told to the other side if it still listens, and the connection cut. */
    void cut(String why) {
        if (!reason.compareAndSet(null, DestroyReason.PROTOCOL_ERROR)) {
            return;
        }
        reports.println("backgroundtasks: cut an actors connection (" + describe() + "): " + why);
        synchronized (out) {
            if (queue.isEmpty()) {
                try {
                    channel.write(ByteBuffer.wrap(Wire.error(why))); // best effort, never waits
                } catch (IOException | RuntimeException ignored) {
                    // the other side is gone already
                }
            }
        }
        broken();
    }

    /** For reports: which peer this is. */
    abstract String describe();

    // ----------------------------------------------------------------------------------- reading

    private void run() {
        try {
            loop();
        } catch (ProtocolViolation e) {
            cut(e.getMessage());
        } catch (IOException e) {
            reason.compareAndSet(null, DestroyReason.ABNORMAL_SHUTDOWN);
        } catch (RuntimeException | Error e) {
            reports.println("backgroundtasks: an actors connection (" + describe() + ") failed: " + e);
            e.printStackTrace(reports);
            reason.compareAndSet(null, DestroyReason.ABNORMAL_SHUTDOWN);
        } finally {
            finish();
        }
    }

    private void loop() throws IOException, ProtocolViolation {
        while (true) {
            selector.select();
            if (!channel.isOpen() || !key.isValid()) {
                return;
            }
            if (selector.selectedKeys().isEmpty()) {
                continue; // woken up: interest or state changed
            }
            selector.selectedKeys().clear();
            int ready = key.readyOps();
            if ((ready & SelectionKey.OP_WRITE) != 0) {
                flush();
            }
            if ((ready & SelectionKey.OP_READ) != 0 && reading) {
                int read = channel.read(in);
                if (read < 0) {
                    return; // the other side's process died, or closed without a goodbye
                }
                in.flip();
                Next next = frames();
                in.compact();
                if (next == Next.SHUT_DOWN) {
                    reason.compareAndSet(null, DestroyReason.NORMAL_SHUTDOWN);
                    return;
                } else if (next == Next.PROTOCOL_ERROR) {
                    reason.compareAndSet(null, DestroyReason.PROTOCOL_ERROR);
                    return;
                }
            }
        }
    }

    /** Splits what was read into frames; a frame's length is checked before a byte of its body is kept. */
    private Next frames() throws ProtocolViolation {
        while (in.hasRemaining()) {
            if (bodyLength < 0) {
                while (header.hasRemaining() && in.hasRemaining()) {
                    header.put(in.get());
                }
                if (header.hasRemaining()) {
                    return Next.GO_ON;
                }
                int length = header.getInt(0);
                header.clear();
                if (length <= 0 || length > Wire.MAX_FRAME) {
                    throw new ProtocolViolation("a frame of " + Integer.toUnsignedString(length)
                            + " bytes (at most " + Wire.MAX_FRAME + ")");
                }
                if (body.length < length) {
                    body = new byte[Math.max(length, Math.min(body.length * 2, Wire.MAX_FRAME))];
                }
                bodyLength = length;
                bodyRead = 0;
            }
            int take = Math.min(in.remaining(), bodyLength - bodyRead);
            in.get(body, bodyRead, take);
            bodyRead += take;
            if (bodyRead == bodyLength) {
                int length = bodyLength;
                bodyLength = -1;
                Next next = frame(body, length);
                if (next != Next.GO_ON) {
                    return next;
                }
                if (body.length > 64 * 1024) {
                    body = new byte[16 * 1024]; // a rare big frame does not pin a megabyte per connection
                }
            }
        }
        return Next.GO_ON;
    }

    private void finish() {
        reason.compareAndSet(null, DestroyReason.ABNORMAL_SHUTDOWN);
        broken();
        try {
            selector.close();
        } catch (IOException ignored) {
            // nothing to release beyond the descriptor
        }
        synchronized (out) {
            finished = true;
            queue.clear();
            queued = 0;
            out.notifyAll();
        }
        ended(reason.get());
    }
}
