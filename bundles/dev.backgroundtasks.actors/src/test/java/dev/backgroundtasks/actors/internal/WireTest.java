package dev.backgroundtasks.actors.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.backgroundtasks.actors.Protocol;
import dev.backgroundtasks.actors.Request;

/** The decoder accepts exactly the declared shape; the encoder refuses what cannot cross. */
class WireTest {
    sealed interface Up permits Typed {
    }

    sealed interface Down permits None {
    }

    record Typed(short small, Optional<String> maybe, List<Integer> numbers, Checked checked)
            implements Up, Request<Boolean> {
    }

    record Checked(int positive) {
        Checked {
            if (positive <= 0) {
                throw new IllegalArgumentException("not positive");
            }
        }
    }

    record None() implements Down {
    }

    private static final ProtocolSchema SCHEMA = ProtocolSchema.of(Protocol.of("wire", Up.class, Down.class));
    private static final RecordShape TYPED = SCHEMA.toParent("WireTest.Typed").record;

    private static String violation(RawPeer.Body record) throws IOException {
        byte[] frame = RawPeer.frame(g -> {
            g.writeStartArray(null, 4);
            g.writeNumber(Wire.MESSAGE);
            g.writeNumber(1);
            g.writeString("WireTest.Typed");
            record.write(g);
            g.writeEndArray();
        });
        byte[] body = Arrays.copyOfRange(frame, 4, frame.length);
        ProtocolViolation e = assertThrows(ProtocolViolation.class, () -> {
            try (Wire.Reader reader = new Wire.Reader(body, body.length)) {
                reader.type();
                reader.number("id");
                reader.string("identity");
                reader.record(TYPED);
                reader.end();
            }
        });
        return e.getMessage();
    }

    @Test
    void whatDoesNotFitTheDeclarationIsAViolation() throws IOException {
        assertTrue(violation(g -> {
            g.writeStartArray(null, 4);
            g.writeNumber(70000);
            g.writeStartArray(null, 0);
            g.writeEndArray();
            g.writeStartArray(null, 0);
            g.writeEndArray();
            g.writeNull();
            g.writeEndArray();
        }).contains("70000 out of range for a short"));
        assertTrue(violation(g -> {
            g.writeStartArray(null, 3);
            g.writeNumber(1);
            g.writeNull();
            g.writeNull();
            g.writeEndArray();
        }).contains("has 3 components, not 4"));
        assertTrue(violation(g -> {
            g.writeStartArray(null, 5);
            g.writeNumber(1);
            g.writeNull();
            g.writeNull();
            g.writeNull();
            g.writeNull();
            g.writeEndArray();
        }).contains("has more than 4 components"));
        assertTrue(violation(g -> {
            g.writeStartArray(null, 4);
            g.writeNumber(1);
            g.writeNull();
            g.writeStartArray(null, 1);
            g.writeNumber(1.5);
            g.writeEndArray();
            g.writeNull();
            g.writeEndArray();
        }).contains("numbers: expected an int, found a floating-point number"));
        assertTrue(violation(g -> {
            g.writeStartArray(null, 4);
            g.writeNumber(1);
            g.writeStartArray(null, 1);
            g.writeNull();
            g.writeEndArray();
            g.writeNull();
            g.writeNull();
            g.writeEndArray();
        }).contains("a present Optional holding null"));
        assertTrue(violation(g -> {
            g.writeStartArray(null, 4);
            g.writeNumber(1);
            g.writeNull();
            g.writeNull();
            g.writeStartArray(null, 1);
            g.writeNumber(-1);
            g.writeEndArray();
            g.writeEndArray();
        }).contains("refused its components"));
        assertTrue(violation(g -> {
            g.writeStartObject();
            g.writeEndObject();
        }).contains("expected the record WireTest.Typed, found a map"));
    }

    @Test
    void whatCannotCrossIsRefusedAtTheSender() {
        MessageType type = SCHEMA.checkToParent(new Typed((short) 1, Optional.empty(), List.of(), null));
        byte[] frame = Wire.message(1, type, new Typed((short) 1, Optional.of("x"), List.of(1, 2), new Checked(3)));
        assertEquals(frame.length - 4, ((frame[0] & 0xff) << 24) | ((frame[1] & 0xff) << 16) | ((frame[2] & 0xff) << 8)
                | (frame[3] & 0xff));
        @SuppressWarnings({"unchecked", "rawtypes"})
        List<Integer> polluted = (List) List.of("not an int");
        IllegalArgumentException wrong = assertThrows(IllegalArgumentException.class,
                () -> Wire.message(1, type, new Typed((short) 1, Optional.empty(), polluted, null)));
        assertTrue(wrong.getMessage().contains("WireTest.Typed.numbers: a java.lang.String where Integer is declared"),
                wrong.getMessage());
        @SuppressWarnings({"unchecked", "rawtypes"})
        List<Integer> huge = (List) java.util.Collections.nCopies(300_000, Integer.MAX_VALUE);
        IllegalArgumentException big = assertThrows(IllegalArgumentException.class,
                () -> Wire.message(1, type, new Typed((short) 1, Optional.empty(), huge, null)));
        assertTrue(big.getMessage().contains("1 MiB"), big.getMessage());
    }
}
