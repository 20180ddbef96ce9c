package dev.backgroundtasks.actors.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;

import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.fasterxml.jackson.dataformat.cbor.CBORGenerator;

/** A peer that writes whatever bytes a test wants on the raw socket. */
final class RawPeer implements AutoCloseable {
    private static final CBORFactory CBOR = new CBORFactory();
    private final SocketChannel channel;
    private final Selector selector;
    private final ByteArrayOutputStream received = new ByteArrayOutputStream();

    RawPeer(SocketChannel channel) throws IOException {
        this.channel = channel;
        channel.configureBlocking(false);
        this.selector = Selector.open();
        channel.register(selector, SelectionKey.OP_READ);
    }

    static RawPeer connect(Path socket) throws IOException {
        SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        channel.connect(UnixDomainSocketAddress.of(socket));
        return new RawPeer(channel);
    }

    interface Body {
        void write(CBORGenerator generator) throws IOException;
    }

    /** A frame with a correct length header around whatever CBOR the body writes. */
    static byte[] frame(Body body) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (CBORGenerator generator = CBOR.createGenerator(bytes)) {
            body.write(generator);
        }
        return withLength(bytes.toByteArray());
    }

    static byte[] withLength(byte[] body) {
        return ByteBuffer.allocate(4 + body.length).putInt(body.length).put(body).array();
    }

    RawPeer write(byte[] bytes) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
            if (channel.write(buffer) == 0) {
                Thread.onSpinWait();
            }
        }
        return this;
    }

    RawPeer hello() throws IOException {
        return write(Wire.hello(1));
    }

    /** Reads until the other side closes; false when it is still open after {@code millis}. */
    boolean closedByOtherSide(long millis) throws IOException {
        long deadline = System.currentTimeMillis() + millis;
        ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
        while (System.currentTimeMillis() < deadline) {
            selector.select(Math.max(1, deadline - System.currentTimeMillis()));
            selector.selectedKeys().clear();
            int read;
            try {
                read = channel.read(buffer);
            } catch (IOException reset) {
                return true;
            }
            if (read < 0) {
                return true;
            }
            received.write(buffer.array(), 0, buffer.position());
            buffer.clear();
        }
        return false;
    }

    /** What arrived so far, as text (frames include CBOR strings verbatim). */
    String receivedText() {
        return received.toString(java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() throws IOException {
        selector.close();
        channel.close();
    }
}
