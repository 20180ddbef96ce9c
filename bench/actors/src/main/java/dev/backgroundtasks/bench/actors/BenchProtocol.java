package dev.backgroundtasks.bench.actors;

import dev.backgroundtasks.actors.Protocol;
import dev.backgroundtasks.actors.Request;

/** The benchmark's protocol: a request whose reply is the same record, so both directions carry its size. */
public final class BenchProtocol {
    private BenchProtocol() {
    }

    public sealed interface Up permits Ping {
    }

    public sealed interface Down permits Pong {
    }

    public record Ping(long seq, String label, byte[] payload) implements Up, Request<Ping> {
    }

    public record Pong() implements Down {
    }

    public static final Protocol<Up, Down> PROTOCOL = Protocol.of("bench.ping", Up.class, Down.class);

    /** A record of about {@code bytes} bytes once encoded (the payload plus a few bytes of framing). */
    public static Ping ping(int bytes) {
        return new Ping(1, "bench-ping-label", new byte[Math.max(0, bytes - 36)]);
    }
}
