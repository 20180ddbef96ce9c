package dev.backgroundtasks.actors.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamWriteConstraints;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.fasterxml.jackson.dataformat.cbor.CBORGenerator;
import com.fasterxml.jackson.dataformat.cbor.CBORParser;

/**
 * The socket's wire format: frames of a 4-byte big-endian length and a CBOR array (RFC 8949), written and
 * read with Jackson's streaming CBOR codec, driven by the protocol's {@link Shape}s. Records cross as arrays
 * of their components in declaration order, enums by name, {@code Optional} as an array of zero or one
 * value. A message carries its identity, which is looked up in the protocol's own table: no class name is
 * ever read, no type is ever made from what arrives, and anything that does not fit the declared shape
 * exactly (a string for an int, an int too big for a short, a missing or extra component, a duplicate map
 * key, trailing bytes) is a {@link ProtocolViolation}.
 *
 * <p>The only class of the bundle that touches Jackson, so that in-process use never loads it.
 */
final class Wire {
    /** The largest frame, header excluded. */
    static final int MAX_FRAME = 1 << 20;
    static final String MAGIC = "backgroundtasks-actors";
    static final int VERSION = 1;
    static final int MAX_DEPTH = 200;

    static final int HELLO = 0;
    static final int OPEN = 1;
    static final int MESSAGE = 2;
    static final int REQUEST = 3;
    static final int REPLY = 4;
    static final int FAIL = 5;
    static final int CLOSE = 6;
    static final int SHUTDOWN = 7;
    static final int ERROR = 8;

    private static final CBORFactory CBOR = CBORFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH)
                    .maxStringLength(MAX_FRAME).build())
            .streamWriteConstraints(StreamWriteConstraints.builder().maxNestingDepth(MAX_DEPTH).build())
            .build();

    private Wire() {
    }

    // ------------------------------------------------------------------------------------------ frames out

    static byte[] hello(long pid) {
        return frame(g -> {
            g.writeStartArray(null, 4);
            g.writeNumber(HELLO);
            g.writeString(MAGIC);
            g.writeNumber(VERSION);
            g.writeNumber(pid);
            g.writeEndArray();
        });
    }

    static byte[] open(long actor, String protocol, long fingerprint) {
        return frame(g -> {
            g.writeStartArray(null, 4);
            g.writeNumber(OPEN);
            g.writeNumber(actor);
            g.writeString(protocol);
            g.writeNumber(fingerprint);
            g.writeEndArray();
        });
    }

    static byte[] message(long actor, MessageType type, Object message) {
        return frame(g -> {
            g.writeStartArray(null, 4);
            g.writeNumber(MESSAGE);
            g.writeNumber(actor);
            g.writeString(type.identity());
            writeRecord(g, type.record, message, 0);
            g.writeEndArray();
        });
    }

    static byte[] request(long actor, long request, MessageType type, Object message) {
        return frame(g -> {
            g.writeStartArray(null, 5);
            g.writeNumber(REQUEST);
            g.writeNumber(actor);
            g.writeNumber(request);
            g.writeString(type.identity());
            writeRecord(g, type.record, message, 0);
            g.writeEndArray();
        });
    }

    static byte[] reply(long actor, long request, Shape shape, Object value) {
        return frame(g -> {
            g.writeStartArray(null, 4);
            g.writeNumber(REPLY);
            g.writeNumber(actor);
            g.writeNumber(request);
            write(g, shape, value, 0);
            g.writeEndArray();
        });
    }

    static byte[] fail(long actor, long request, String text) {
        String clipped = text.length() > 16_384 ? text.substring(0, 16_384) + "..." : text;
        return frame(g -> {
            g.writeStartArray(null, 4);
            g.writeNumber(FAIL);
            g.writeNumber(actor);
            g.writeNumber(request);
            g.writeString(clipped);
            g.writeEndArray();
        });
    }

    static byte[] close(long actor, String reason) {
        return frame(g -> {
            g.writeStartArray(null, 3);
            g.writeNumber(CLOSE);
            g.writeNumber(actor);
            g.writeString(reason);
            g.writeEndArray();
        });
    }

    static byte[] shutdown() {
        return frame(g -> {
            g.writeStartArray(null, 1);
            g.writeNumber(SHUTDOWN);
            g.writeEndArray();
        });
    }

    static byte[] error(String text) {
        String clipped = text.length() > 4096 ? text.substring(0, 4096) + "..." : text;
        return frame(g -> {
            g.writeStartArray(null, 2);
            g.writeNumber(ERROR);
            g.writeString(clipped);
            g.writeEndArray();
        });
    }

    private interface Body {
        void write(CBORGenerator generator) throws IOException;
    }

    /** A whole frame, header included; IllegalArgumentException when the value does not fit or is too big. */
    private static byte[] frame(Body body) {
        FrameBuffer out = new FrameBuffer(true);
        try (CBORGenerator generator = CBOR.createGenerator(out)) {
            body.write(generator);
        } catch (IOException e) { // StreamConstraintsException: nested too deep
            throw new IllegalArgumentException("cannot encode: " + e.getMessage(), e);
        }
        return out.frame();
    }

    // ------------------------------------------------------------------------------------ values out

    private static void writeRecord(CBORGenerator g, RecordShape record, Object value, int depth) throws IOException {
        if (value == null || value.getClass() != record.type) {
            throw new IllegalArgumentException("a " + (value == null ? "null" : value.getClass().getName())
                    + " where the record " + record.identity + " is declared");
        }
        Shape[] components = record.components;
        g.writeStartArray(null, components.length);
        for (int i = 0; i < components.length; i++) {
            Object component = record.get(value, i);
            try {
                write(g, components[i], component, depth + 1);
            } catch (IllegalArgumentException e) {
                throw depth == 0 ? new IllegalArgumentException(record.identity + "." + record.names[i] + ": "
                        + e.getMessage(), e) : e;
            }
        }
        g.writeEndArray();
    }

    private static void write(CBORGenerator g, Shape shape, Object value, int depth) throws IOException {
        if (value == null) {
            g.writeNull();
            return;
        }
        try {
            switch (shape.kind) {
                case BOOLEAN -> g.writeBoolean((Boolean) value);
                case BYTE -> g.writeNumber((Byte) value);
                case SHORT -> g.writeNumber((Short) value);
                case INT -> g.writeNumber((Integer) value);
                case LONG -> g.writeNumber((Long) value);
                case FLOAT -> g.writeNumber((Float) value);
                case DOUBLE -> g.writeNumber((Double) value);
                case CHAR -> g.writeString(String.valueOf((char) (Character) value));
                case STRING -> g.writeString((String) value);
                case BYTES -> g.writeBinary((byte[]) value);
                case ENUM -> {
                    if (!shape.type.isInstance(value)) {
                        throw misfit(shape, value);
                    }
                    g.writeString(((Enum<?>) value).name());
                }
                case OPTIONAL -> {
                    Optional<?> optional = (Optional<?>) value;
                    if (optional.isPresent()) {
                        g.writeStartArray(null, 1);
                        write(g, shape.element, optional.get(), depth + 1);
                    } else {
                        g.writeStartArray(null, 0);
                    }
                    g.writeEndArray();
                }
                case LIST -> {
                    List<?> list = (List<?>) value;
                    g.writeStartArray(null, list.size());
                    for (Object item : list) {
                        write(g, shape.element, item, depth + 1);
                    }
                    g.writeEndArray();
                }
                case MAP -> {
                    Map<?, ?> map = (Map<?, ?>) value;
                    g.writeStartObject(null, map.size());
                    for (Map.Entry<?, ?> entry : map.entrySet()) {
                        if (!(entry.getKey() instanceof String key)) {
                            throw new IllegalArgumentException("a map key " + entry.getKey() + " that is not a String");
                        }
                        g.writeFieldName(key);
                        write(g, shape.element, entry.getValue(), depth + 1);
                    }
                    g.writeEndObject();
                }
                case RECORD -> writeRecord(g, shape.record, value, depth + 1);
                default -> throw new IllegalStateException(shape.kind.name());
            }
        } catch (ClassCastException e) {
            throw misfit(shape, value);
        }
    }

    private static IllegalArgumentException misfit(Shape shape, Object value) {
        return new IllegalArgumentException("a " + value.getClass().getName() + " where " + shape.describe()
                + " is declared");
    }

    // ------------------------------------------------------------------------------------------ frames in

    /** Reads one frame's fields in order; every method throws ProtocolViolation for what does not fit. */
    static final class Reader implements AutoCloseable {
        private final CBORParser parser;

        Reader(byte[] frame, int length) throws ProtocolViolation {
            try {
                this.parser = CBOR.createParser(frame, 0, length);
                expect(parser.nextToken(), JsonToken.START_ARRAY, "a frame");
            } catch (IOException e) {
                throw violation("undecodable frame", e);
            }
        }

        int type() throws ProtocolViolation {
            return (int) integer(Integer.MIN_VALUE, Integer.MAX_VALUE, "a frame type");
        }

        long number(String what) throws ProtocolViolation {
            return integer(Long.MIN_VALUE, Long.MAX_VALUE, what);
        }

        String string(String what) throws ProtocolViolation {
            try {
                expect(parser.nextToken(), JsonToken.VALUE_STRING, what);
                return parser.getText();
            } catch (IOException e) {
                throw violation("undecodable " + what, e);
            }
        }

        Object record(RecordShape record) throws ProtocolViolation {
            try {
                return readRecord(parser, parser.nextToken(), record);
            } catch (IOException e) {
                throw violation("undecodable " + record.identity, e);
            }
        }

        Object value(Shape shape) throws ProtocolViolation {
            try {
                return read(parser, parser.nextToken(), shape);
            } catch (IOException e) {
                throw violation("undecodable reply", e);
            }
        }

        /** The frame must end here: no further field, no trailing byte. */
        void end() throws ProtocolViolation {
            try {
                expect(parser.nextToken(), JsonToken.END_ARRAY, "the end of the frame");
                JsonToken after = parser.nextToken();
                if (after != null) {
                    throw new ProtocolViolation("trailing bytes after the frame");
                }
            } catch (IOException e) {
                throw violation("undecodable frame", e);
            }
        }

        private long integer(long min, long max, String what) throws ProtocolViolation {
            try {
                JsonToken token = parser.nextToken();
                expect(token, JsonToken.VALUE_NUMBER_INT, what);
                if (parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                    throw new ProtocolViolation(what + " out of range");
                }
                long value = parser.getLongValue();
                if (value < min || value > max) {
                    throw new ProtocolViolation(what + " out of range");
                }
                return value;
            } catch (IOException e) {
                throw violation("undecodable " + what, e);
            }
        }

        @Override
        public void close() {
            try {
                parser.close();
            } catch (IOException e) {
                // a byte-array parser holds nothing to release
            }
        }
    }

    private static ProtocolViolation violation(String what, IOException e) {
        return new ProtocolViolation(what + ": " + e.getMessage());
    }

    private static void expect(JsonToken token, JsonToken expected, String what) throws ProtocolViolation {
        if (token != expected) {
            throw new ProtocolViolation("expected " + what + ", found " + describe(token));
        }
    }

    private static String describe(JsonToken token) {
        if (token == null) {
            return "the end of the frame";
        }
        return switch (token) {
            case START_ARRAY -> "an array";
            case START_OBJECT -> "a map";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT -> "an integer";
            case VALUE_NUMBER_FLOAT -> "a floating-point number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            case VALUE_EMBEDDED_OBJECT -> "a byte string";
            case END_ARRAY -> "the end of an array";
            case END_OBJECT -> "the end of a map";
            default -> token.name();
        };
    }

    // ------------------------------------------------------------------------------------- values in

    private static Object readRecord(CBORParser p, JsonToken token, RecordShape record)
            throws IOException, ProtocolViolation {
        expect(token, JsonToken.START_ARRAY, "the record " + record.identity);
        Shape[] components = record.components;
        Object[] values = new Object[components.length];
        for (int i = 0; i < components.length; i++) {
            JsonToken next = p.nextToken();
            if (next == JsonToken.END_ARRAY) {
                throw new ProtocolViolation(record.identity + " has " + i + " components, not " + components.length);
            }
            try {
                values[i] = read(p, next, components[i]);
            } catch (ProtocolViolation e) {
                throw new ProtocolViolation(record.identity + "." + record.names[i] + ": " + e.getMessage());
            }
        }
        if (p.nextToken() != JsonToken.END_ARRAY) {
            throw new ProtocolViolation(record.identity + " has more than " + components.length + " components");
        }
        try {
            return record.build(values);
        } catch (InvocationTargetException e) {
            throw new ProtocolViolation(record.identity + " refused its components: " + e.getCause());
        }
    }

    private static Object read(CBORParser p, JsonToken token, Shape shape) throws IOException, ProtocolViolation {
        if (token == JsonToken.VALUE_NULL) {
            if (shape.primitive) {
                throw new ProtocolViolation("null for the primitive " + shape.describe());
            }
            return null;
        }
        switch (shape.kind) {
            case BOOLEAN:
                if (token == JsonToken.VALUE_TRUE) {
                    return Boolean.TRUE;
                }
                expect(token, JsonToken.VALUE_FALSE, "a boolean");
                return Boolean.FALSE;
            case BYTE:
                return (byte) readInteger(p, token, Byte.MIN_VALUE, Byte.MAX_VALUE, "a byte");
            case SHORT:
                return (short) readInteger(p, token, Short.MIN_VALUE, Short.MAX_VALUE, "a short");
            case INT:
                return (int) readInteger(p, token, Integer.MIN_VALUE, Integer.MAX_VALUE, "an int");
            case LONG:
                return readInteger(p, token, Long.MIN_VALUE, Long.MAX_VALUE, "a long");
            case FLOAT:
                expect(token, JsonToken.VALUE_NUMBER_FLOAT, "a float");
                return p.getFloatValue();
            case DOUBLE:
                expect(token, JsonToken.VALUE_NUMBER_FLOAT, "a double");
                return p.getDoubleValue();
            case CHAR: {
                expect(token, JsonToken.VALUE_STRING, "a char");
                String text = p.getText();
                if (text.length() != 1) {
                    throw new ProtocolViolation("a string of " + text.length() + " chars for a char");
                }
                return text.charAt(0);
            }
            case STRING:
                expect(token, JsonToken.VALUE_STRING, "a String");
                return p.getText();
            case BYTES:
                expect(token, JsonToken.VALUE_EMBEDDED_OBJECT, "a byte[]");
                return p.getBinaryValue();
            case ENUM: {
                expect(token, JsonToken.VALUE_STRING, "an enum constant");
                Enum<?> constant = shape.constants.get(p.getText());
                if (constant == null) {
                    throw new ProtocolViolation("no constant " + p.getText() + " in " + shape.describe());
                }
                return constant;
            }
            case OPTIONAL: {
                expect(token, JsonToken.START_ARRAY, "an Optional");
                JsonToken next = p.nextToken();
                if (next == JsonToken.END_ARRAY) {
                    return Optional.empty();
                }
                if (next == JsonToken.VALUE_NULL) {
                    throw new ProtocolViolation("a present Optional holding null");
                }
                Object value = read(p, next, shape.element);
                expect(p.nextToken(), JsonToken.END_ARRAY, "the end of an Optional");
                return Optional.of(value);
            }
            case LIST: {
                expect(token, JsonToken.START_ARRAY, "a List");
                List<Object> list = new ArrayList<>();
                for (JsonToken next = p.nextToken(); next != JsonToken.END_ARRAY; next = p.nextToken()) {
                    if (next == null) {
                        throw new ProtocolViolation("a List cut short");
                    }
                    list.add(read(p, next, shape.element));
                }
                return Collections.unmodifiableList(list);
            }
            case MAP: {
                expect(token, JsonToken.START_OBJECT, "a Map");
                Map<String, Object> map = new HashMap<>();
                List<String> order = new ArrayList<>();
                for (JsonToken next = p.nextToken(); next != JsonToken.END_OBJECT; next = p.nextToken()) {
                    expect(next, JsonToken.FIELD_NAME, "a map key");
                    String key = p.currentName();
                    if (map.containsKey(key)) {
                        throw new ProtocolViolation("the map key " + key + " twice");
                    }
                    map.put(key, read(p, p.nextToken(), shape.element));
                    order.add(key);
                }
                Map<String, Object> ordered = new java.util.LinkedHashMap<>();
                for (String key : order) {
                    ordered.put(key, map.get(key));
                }
                return Collections.unmodifiableMap(ordered);
            }
            case RECORD:
                return readRecord(p, token, shape.record);
            default:
                throw new IllegalStateException(shape.kind.name());
        }
    }

    private static long readInteger(CBORParser p, JsonToken token, long min, long max, String what)
            throws IOException, ProtocolViolation {
        expect(token, JsonToken.VALUE_NUMBER_INT, what);
        if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
            throw new ProtocolViolation(p.getText() + " out of range for " + what);
        }
        long value = p.getLongValue();
        if (value < min || value > max) {
            throw new ProtocolViolation(value + " out of range for " + what);
        }
        return value;
    }

    // -------------------------------------------------------------------------- in-process, forced

    /**
     * Encodes with one declaration and decodes with another (or the same): what the socket does, for
     * the in-process switch that proves both transports equivalent, and for two copies of a protocol's
     * classes in one process.
     */
    static Object convert(RecordShape from, RecordShape to, Object message) {
        byte[] bytes = encodeValue(g -> writeRecord(g, from, message, 0));
        try (CBORParser p = CBOR.createParser(bytes)) {
            return readRecord(p, p.nextToken(), to);
        } catch (IOException | ProtocolViolation e) {
            throw new IllegalArgumentException(to.identity + " does not decode: " + e.getMessage(), e);
        }
    }

    static Object convertValue(Shape from, Shape to, Object value) {
        byte[] bytes = encodeValue(g -> write(g, from, value, 0));
        try (CBORParser p = CBOR.createParser(bytes)) {
            return read(p, p.nextToken(), to);
        } catch (IOException | ProtocolViolation e) {
            throw new IllegalArgumentException("the reply does not decode: " + e.getMessage(), e);
        }
    }

    private static byte[] encodeValue(Body body) {
        FrameBuffer out = new FrameBuffer(false);
        try (CBORGenerator generator = CBOR.createGenerator(out)) {
            body.write(generator);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot encode: " + e.getMessage(), e);
        }
        byte[] bytes = out.frame();
        if (bytes.length > MAX_FRAME) {
            throw new IllegalArgumentException("the message encodes to " + bytes.length + " bytes, over the 1 MiB frame limit");
        }
        return bytes;
    }

    /** A growable buffer that keeps 4 bytes in front for the frame's length. */
    private static final class FrameBuffer extends OutputStream {
        private final int header;
        private byte[] bytes = new byte[256];
        private int count;

        FrameBuffer(boolean withHeader) {
            this.header = withHeader ? 4 : 0;
            this.count = header;
        }

        @Override
        public void write(int b) {
            ensure(1);
            bytes[count++] = (byte) b;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            ensure(len);
            System.arraycopy(b, off, bytes, count, len);
            count += len;
        }

        private void ensure(int more) {
            if (count + more > bytes.length) {
                if (count + more - header > MAX_FRAME + 1) {
                    throw new IllegalArgumentException("the message encodes to over the 1 MiB frame limit");
                }
                bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, count + more));
            }
        }

        byte[] frame() {
            int length = count - header;
            if (header > 0) {
                if (length > MAX_FRAME) {
                    throw new IllegalArgumentException("the message encodes to " + length
                            + " bytes, over the 1 MiB frame limit");
                }
                bytes[0] = (byte) (length >>> 24);
                bytes[1] = (byte) (length >>> 16);
                bytes[2] = (byte) (length >>> 8);
                bytes[3] = (byte) length;
            }
            return count == bytes.length ? bytes : Arrays.copyOf(bytes, count);
        }
    }
}
