package dev.backgroundtasks.launcher.internal.warm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class WarmFramesTest {
    @Test
    void aRequestRoundTripsWithEveryCharacter() throws IOException {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", "/usr/bin");
        env.put("EMPTY", "");
        env.put("ÜNICODE", "a=b\0c\n");
        WarmFrames.Request request = new WarmFrames.Request(42, "/tmp/ü x", List.of("--backgroundtask", "t", "", "a b"), env);
        WarmFrames.Request back = WarmFrames.Request.decode(request.encode());
        assertEquals(request, back);
    }

    @Test
    void framesKeepTheirTypeBytesAndOrder() throws IOException {
        Pipe pipe = Pipe.open();
        OutputStream out = WarmFrames.stream(pipe.sink(), WarmFrames.OUT);
        out.write("héllo\n".getBytes(StandardCharsets.UTF_8));
        out.write(new byte[0]); // no frame for nothing
        WarmFrames.write(pipe.sink(), WarmFrames.EXIT, WarmFrames.code(143));
        pipe.sink().close();
        WarmFrames.Frame first = WarmFrames.read(pipe.source());
        assertEquals(WarmFrames.OUT, first.type());
        assertArrayEquals("héllo\n".getBytes(StandardCharsets.UTF_8), first.payload());
        WarmFrames.Frame exit = WarmFrames.read(pipe.source());
        assertEquals(WarmFrames.EXIT, exit.type());
        assertEquals(143, exit.code());
        assertThrows(EOFException.class, () -> WarmFrames.read(pipe.source()), "a clean end");
    }

    @Test
    void anythingNotOursIsABadFrame() throws IOException {
        assertThrows(WarmFrames.BadFrame.class, () -> read(ByteBuffer.allocate(5).put((byte) 'Z').putInt(0).array()));
        assertThrows(WarmFrames.BadFrame.class, () -> read(ByteBuffer.allocate(5).put(WarmFrames.OUT).putInt(-1).array()));
        assertThrows(WarmFrames.BadFrame.class,
                () -> read(ByteBuffer.allocate(5).put(WarmFrames.OUT).putInt(WarmFrames.MAX_PAYLOAD + 1).array()));
        assertThrows(WarmFrames.BadFrame.class, () -> read(ByteBuffer.allocate(7).put(WarmFrames.OUT).putInt(5).array()),
                "cut short in the payload");
        assertThrows(WarmFrames.BadFrame.class, () -> read(new byte[] {WarmFrames.OUT, 0}), "cut short in the header");
        assertThrows(WarmFrames.BadFrame.class, () -> new WarmFrames.Frame(WarmFrames.EXIT, new byte[3]).code());
    }

    @Test
    void aMalformedRequestIsABadFrame() {
        assertThrows(WarmFrames.BadFrame.class, () -> WarmFrames.Request.decode(new byte[] {0, 0}));
        assertThrows(WarmFrames.BadFrame.class, () -> WarmFrames.Request.decode(ByteBuffer.allocate(4).putInt(3).array()));
        byte[] good = new WarmFrames.Request(1, "/", List.of("a"), Map.of("K", "V")).encode();
        byte[] longer = java.util.Arrays.copyOf(good, good.length + 1);
        assertThrows(WarmFrames.BadFrame.class, () -> WarmFrames.Request.decode(longer), "bytes after the request");
        // an odd environment: a name without a value
        byte[] odd = new WarmFrames.Request(1, "/", List.of("a"), Map.of()).encode();
        ByteBuffer b = ByteBuffer.allocate(odd.length + 5).put(odd);
        b.putInt(0, 5).putInt(1).put((byte) 'K');
        assertThrows(WarmFrames.BadFrame.class, () -> WarmFrames.Request.decode(b.array()));
    }

    private static WarmFrames.Frame read(byte[] bytes) throws IOException {
        Pipe pipe = Pipe.open();
        pipe.sink().write(ByteBuffer.wrap(bytes));
        pipe.sink().close();
        return WarmFrames.read(pipe.source());
    }
}
