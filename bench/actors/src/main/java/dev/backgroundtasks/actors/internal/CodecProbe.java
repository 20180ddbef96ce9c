package dev.backgroundtasks.actors.internal;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.fasterxml.jackson.dataformat.smile.SmileFactory;

import dev.backgroundtasks.actors.Protocol;
import dev.backgroundtasks.actors.Request;

/**
 * Cold and warm cost of one encode and decode of a typical message, in a fresh JVM: the actors' own
 * record-driven streaming CBOR against Jackson databind with CBOR or Smile. In the actors' package to
 * reach {@link Wire}.
 */
public final class CodecProbe {
    private CodecProbe() {
    }

    public sealed interface Up permits Report {
    }

    public sealed interface Down permits Nothing {
    }

    public enum Stage { STARTED, RUNNING }

    public record Item(String name, int size) {
    }

    public record Report(long id, String task, byte[] data, Stage stage, List<Item> items, Map<String, Long> counts,
            Item last) implements Up, Request<Item> {
    }

    public record Nothing() implements Down {
    }

    private static Report sample(int i) {
        return new Report(i, "remove-directory", new byte[40], Stage.RUNNING, List.of(new Item("a", 1)),
                Map.of("files", 12L), null);
    }

    public static void main(String[] args) throws Exception {
        String kind = args[0];
        long start = System.nanoTime();
        Codec codec = switch (kind) {
            case "streaming-cbor" -> streaming();
            case "databind-cbor" -> databind(new ObjectMapper(new CBORFactory()));
            case "databind-smile" -> databind(new ObjectMapper(new SmileFactory()));
            default -> throw new IllegalArgumentException(kind);
        };
        Object first = codec.roundTrip(sample(0));
        long cold = System.nanoTime() - start;
        int warm = 200_000;
        for (int i = 0; i < warm; i++) {
            codec.roundTrip(sample(i));
        }
        long t = System.nanoTime();
        for (int i = 0; i < warm; i++) {
            codec.roundTrip(sample(i));
        }
        long each = (System.nanoTime() - t) / warm;
        System.out.println(kind + "\t" + cold / 1000 + "\t" + each + "\t" + codec.size(sample(0)) + "\t" + (first != null));
    }

    interface Codec {
        Object roundTrip(Report report) throws Exception;

        int size(Report report) throws Exception;
    }

    private static Codec streaming() {
        Protocol<Up, Down> protocol = Protocol.of("probe", Up.class, Down.class);
        ProtocolSchema schema = ProtocolSchema.of(protocol);
        MessageType type = schema.checkToParent(sample(0));
        return new Codec() {
            @Override
            public Object roundTrip(Report report) {
                return Wire.convert(type.record, type.record, report);
            }

            @Override
            public int size(Report report) {
                return Wire.message(1, type, report).length - 4;
            }
        };
    }

    private static Codec databind(ObjectMapper mapper) {
        return new Codec() {
            @Override
            public Object roundTrip(Report report) throws Exception {
                return mapper.readValue(mapper.writeValueAsBytes(report), Report.class);
            }

            @Override
            public int size(Report report) throws Exception {
                return mapper.writeValueAsBytes(report).length;
            }
        };
    }
}
