package dev.backgroundtasks.actors.internal;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What one declared type (a record component, a list element, a reply) may hold, derived once from the
 * declarations; both the checks and the wire format are driven by it. Free of any wire-format class, so
 * that in-process use never loads the encoder.
 */
final class Shape {
    enum Kind { BOOLEAN, BYTE, SHORT, INT, LONG, FLOAT, DOUBLE, CHAR, STRING, BYTES, ENUM, OPTIONAL, LIST, MAP, RECORD }

    final Kind kind;
    /** A Java primitive: never null on the wire. */
    final boolean primitive;
    /** The erased type. */
    final Class<?> type;
    /** The element of an OPTIONAL or LIST, the value of a MAP. */
    final Shape element;
    final RecordShape record;
    /** An ENUM's constants by name: enums cross by name, so reordering constants is compatible. */
    final Map<String, Enum<?>> constants;

    Shape(Kind kind, boolean primitive, Class<?> type, Shape element, RecordShape record,
            Map<String, Enum<?>> constants) {
        this.kind = kind;
        this.primitive = primitive;
        this.type = type;
        this.element = element;
        this.record = record;
        this.constants = constants;
    }

    /** The canonical description used in fingerprints and messages. */
    String describe() {
        return switch (kind) {
            case OPTIONAL -> "Optional<" + element.describe() + ">";
            case LIST -> "List<" + element.describe() + ">";
            case MAP -> "Map<String," + element.describe() + ">";
            case RECORD -> record.identity;
            case ENUM -> ProtocolSchema.relativeName(type);
            case BYTES -> "byte[]";
            case STRING -> "String";
            default -> primitive ? type.getName() : type.getSimpleName();
        };
    }

    /**
     * Whether {@code value} fits this shape, all the way down: for what arrives untyped (a reply). Returns
     * null when it fits, else what is wrong.
     */
    String misfit(Object value) {
        if (value == null) {
            return primitive ? "null for a primitive" : null;
        }
        switch (kind) {
            case OPTIONAL -> {
                if (!(value instanceof Optional<?> optional)) {
                    return wrong(value);
                }
                return optional.isPresent() ? element.misfit(optional.get()) : null;
            }
            case LIST -> {
                if (!(value instanceof List<?> list)) {
                    return wrong(value);
                }
                for (Object item : list) {
                    String misfit = element.misfit(item);
                    if (misfit != null) {
                        return misfit;
                    }
                }
                return null;
            }
            case MAP -> {
                if (!(value instanceof Map<?, ?> map)) {
                    return wrong(value);
                }
                for (Map.Entry<?, ?> entry : map.entrySet()) {
                    if (!(entry.getKey() instanceof String)) {
                        return "a map key " + entry.getKey() + " that is not a String";
                    }
                    String misfit = element.misfit(entry.getValue());
                    if (misfit != null) {
                        return misfit;
                    }
                }
                return null;
            }
            case RECORD -> {
                if (value.getClass() != record.type) {
                    return wrong(value);
                }
                for (int i = 0; i < record.components.length; i++) {
                    String misfit = record.components[i].misfit(record.get(value, i));
                    if (misfit != null) {
                        return record.identity + "." + record.names[i] + ": " + misfit;
                    }
                }
                return null;
            }
            default -> {
                return boxed().isInstance(value) ? null : wrong(value);
            }
        }
    }

    private String wrong(Object value) {
        return "a " + value.getClass().getName() + " where " + describe() + " is declared";
    }

    private Class<?> boxed() {
        return switch (kind) {
            case BOOLEAN -> primitive ? Boolean.class : type;
            case BYTE -> primitive ? Byte.class : type;
            case SHORT -> primitive ? Short.class : type;
            case INT -> primitive ? Integer.class : type;
            case LONG -> primitive ? Long.class : type;
            case FLOAT -> primitive ? Float.class : type;
            case DOUBLE -> primitive ? Double.class : type;
            case CHAR -> primitive ? Character.class : type;
            default -> type;
        };
    }
}
