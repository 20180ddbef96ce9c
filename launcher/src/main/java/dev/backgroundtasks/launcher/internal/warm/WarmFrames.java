package dev.backgroundtasks.launcher.internal.warm;

import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The warm host's wire format: frames of one type byte, a 4-byte big-endian length and that many bytes.
 * Read and written with {@link ByteBuffer}s on the channel itself (a channel's {@code Channels} streams
 * share one lock, so a blocked read would hold up a write). A length beyond {@link #MAX_PAYLOAD}, an
 * unknown type or a short frame is a {@link BadFrame}.
 */
public final class WarmFrames {
    /** Client to host: the run (arguments, environment, working directory, client pid). */
    public static final byte REQUEST = 'Q';
    /** Client to host, after ACCEPT: run it (a client that gave up never sends it, so no run is doubled). */
    public static final byte GO = 'G';
    /** Client to host: a signal the client received, as its exit code (143, 130, 129). */
    public static final byte SIGNAL = 'S';
    /** Host to client: the host runs it. */
    public static final byte ACCEPT = 'A';
    /** Host to client: run it cold. */
    public static final byte DECLINE = 'D';
    /** Host to client: bytes of the run's stdout. */
    public static final byte OUT = 'O';
    /** Host to client: bytes of the run's stderr. */
    public static final byte ERR = 'E';
    /** Host to client: the run's exit code. */
    public static final byte EXIT = 'X';
    /** The largest frame: a request with a large environment, or one write of output. */
    public static final int MAX_PAYLOAD = 16 << 20;

    private static final String TYPES = "QGSADOEX";

    private WarmFrames() {
    }

    /** A frame that is not one of ours. */
    public static final class BadFrame extends IOException {
        private static final long serialVersionUID = 1L;

        BadFrame(String message) {
            super(message);
        }
    }

    /** One frame: its type and payload. */
    public record Frame(byte type, byte[] payload) {
        public int code() throws BadFrame {
            if (payload.length != 4) {
                throw new BadFrame("a code frame of " + payload.length + " bytes");
            }
            return ByteBuffer.wrap(payload).getInt();
        }
    }

    /** The request a client sends. */
    public record Request(long clientPid, String cwd, List<String> args, Map<String, String> env) {
        public byte[] encode() {
            List<String> parts = new ArrayList<>();
            parts.add(Long.toString(clientPid));
            parts.add(cwd);
            parts.add(Integer.toString(args.size()));
            parts.addAll(args);
            for (Map.Entry<String, String> e : env.entrySet()) {
                parts.add(e.getKey());
                parts.add(e.getValue());
            }
            int size = 4;
            List<byte[]> bytes = new ArrayList<>(parts.size());
            for (String p : parts) {
                byte[] b = p.getBytes(StandardCharsets.UTF_8);
                bytes.add(b);
                size += 4 + b.length;
            }
            ByteBuffer buffer = ByteBuffer.allocate(size).putInt(parts.size());
            for (byte[] b : bytes) {
                buffer.putInt(b.length).put(b);
            }
            return buffer.array();
        }

        public static Request decode(byte[] payload) throws BadFrame {
            try {
                ByteBuffer buffer = ByteBuffer.wrap(payload);
                int count = buffer.getInt();
                if (count < 3 || count > payload.length / 4) {
                    throw new BadFrame("a request of " + count + " parts");
                }
                List<String> parts = new ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    int length = buffer.getInt();
                    if (length < 0 || length > buffer.remaining()) {
                        throw new BadFrame("a request part of " + length + " bytes");
                    }
                    byte[] b = new byte[length];
                    buffer.get(b);
                    parts.add(new String(b, StandardCharsets.UTF_8));
                }
                if (buffer.hasRemaining()) {
                    throw new BadFrame("bytes after the request");
                }
                int argCount = Integer.parseInt(parts.get(2));
                if (argCount < 0 || 3 + argCount > count || (count - 3 - argCount) % 2 != 0) {
                    throw new BadFrame("a request of " + argCount + " arguments in " + count + " parts");
                }
                Map<String, String> env = new LinkedHashMap<>();
                for (int i = 3 + argCount; i < count; i += 2) {
                    env.put(parts.get(i), parts.get(i + 1));
                }
                return new Request(Long.parseLong(parts.get(0)), parts.get(1),
                        List.copyOf(parts.subList(3, 3 + argCount)), env);
            } catch (java.nio.BufferUnderflowException | NumberFormatException e) {
                throw new BadFrame("a malformed request (" + e + ")");
            }
        }
    }

    /** A frame that holds a code. */
    public static byte[] code(int code) {
        return ByteBuffer.allocate(4).putInt(code).array();
    }

    /** Writes one frame whole; callers that share a channel synchronize on it. */
    public static void write(WritableByteChannel channel, byte type, byte[] payload, int offset, int length)
            throws IOException {
        ByteBuffer header = ByteBuffer.allocate(5).put(type).putInt(length).flip();
        ByteBuffer body = ByteBuffer.wrap(payload, offset, length);
        while (header.hasRemaining()) {
            channel.write(header);
        }
        while (body.hasRemaining()) {
            channel.write(body);
        }
    }

    public static void write(WritableByteChannel channel, byte type, byte[] payload) throws IOException {
        write(channel, type, payload, 0, payload.length);
    }

    /** The next frame; EOFException at a clean end before a frame, BadFrame for anything not ours. */
    public static Frame read(ReadableByteChannel channel) throws IOException {
        ByteBuffer header = ByteBuffer.allocate(5);
        if (!fill(channel, header)) {
            throw new EOFException("end of stream");
        }
        header.flip();
        byte type = header.get();
        int length = header.getInt();
        if (TYPES.indexOf(type) < 0) {
            throw new BadFrame("an unknown frame type " + (type & 0xff));
        }
        if (length < 0 || length > MAX_PAYLOAD) {
            throw new BadFrame("a frame of " + length + " bytes");
        }
        ByteBuffer body = ByteBuffer.allocate(length);
        if (!fill(channel, body) && length > 0) {
            throw new BadFrame("a frame cut short");
        }
        return new Frame(type, body.array());
    }

    /** Fills the buffer; false when the stream ended before its first byte, BadFrame when it ended inside. */
    private static boolean fill(ReadableByteChannel channel, ByteBuffer buffer) throws IOException {
        boolean any = false;
        while (buffer.hasRemaining()) {
            if (channel.read(buffer) < 0) {
                if (any) {
                    throw new BadFrame("a frame cut short");
                }
                return false;
            }
            any = true;
        }
        return true;
    }

    /** An output stream whose every write is one frame of {@code type} on {@code channel}. */
    public static OutputStream stream(WritableByteChannel channel, byte type) {
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                if (len == 0) {
                    return;
                }
                synchronized (channel) {
                    WarmFrames.write(channel, type, b, off, len);
                }
            }
        };
    }
}
