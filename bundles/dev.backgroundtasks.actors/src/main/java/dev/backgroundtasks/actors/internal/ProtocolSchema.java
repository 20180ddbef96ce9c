package dev.backgroundtasks.actors.internal;

import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

import dev.backgroundtasks.actors.Protocol;
import dev.backgroundtasks.actors.Request;

/**
 * A protocol's declaration, checked: its message records by identity and by class, each with its
 * direction and reply shape. Built once by {@link Protocol#of}; everything else reads it.
 */
public final class ProtocolSchema {
    private static final String ALLOWED = "primitives, boxed primitives, String, byte[], enums, Optional, List, "
            + "Map with String keys, or such records";
    private static volatile Function<Protocol<?, ?>, ProtocolSchema> access;

    private final String name;
    private final Class<?> toParent;
    private final Class<?> toChild;
    private final Map<String, MessageType> toParentByIdentity;
    private final Map<String, MessageType> toChildByIdentity;
    private final Map<Class<?>, MessageType> byClassToParent;
    private final Map<Class<?>, MessageType> byClassToChild;
    private volatile long fingerprint;

    private ProtocolSchema(String name, Class<?> toParent, Class<?> toChild, Map<String, MessageType> up,
            Map<String, MessageType> down) {
        this.name = name;
        this.toParent = toParent;
        this.toChild = toChild;
        this.toParentByIdentity = up;
        this.toChildByIdentity = down;
        this.byClassToParent = byClass(up);
        this.byClassToChild = byClass(down);
    }

    /** Called once, by {@link Protocol}'s initializer: how this package reads a protocol's schema. */
    public static void access(Function<Protocol<?, ?>, ProtocolSchema> reader) {
        if (access != null) {
            throw new IllegalStateException("already set");
        }
        access = reader;
    }

    static ProtocolSchema of(Protocol<?, ?> protocol) {
        return access.apply(protocol);
    }

    /** The checks of {@link Protocol#of}. */
    public static ProtocolSchema declare(String name, Class<?> toParent, Class<?> toChild) {
        if (name.isEmpty() || name.length() > 200 || hasControlCharacter(name)) {
            throw new IllegalArgumentException("protocol name must be 1 to 200 characters without control "
                    + "characters: '" + name + "'");
        }
        Builder builder = new Builder(name);
        Map<String, MessageType> up = builder.messages(toParent, "toParent", true);
        Map<String, MessageType> down = builder.messages(toChild, "toChild", false);
        return new ProtocolSchema(name, toParent, toChild, up, down);
    }

    private static boolean hasControlCharacter(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (Character.isISOControl(text.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    public String name() {
        return name;
    }

    public Class<?> toParent() {
        return toParent;
    }

    public Class<?> toChild() {
        return toChild;
    }

    /** The message type of something a child sends, or an IllegalArgumentException. */
    MessageType checkToParent(Object message) {
        return check(message, byClassToParent, "toParent");
    }

    MessageType checkToChild(Object message) {
        return check(message, byClassToChild, "toChild");
    }

    private MessageType check(Object message, Map<Class<?>, MessageType> table, String side) {
        if (message == null) {
            throw new IllegalArgumentException("null message on protocol " + name);
        }
        MessageType type = table.get(message.getClass());
        if (type == null) {
            throw new IllegalArgumentException("protocol " + name + ": " + message.getClass().getName()
                    + " is not one of its " + side + " messages");
        }
        return type;
    }

    /** By identity, as read from the wire: null for an identity the protocol does not declare. */
    MessageType toParent(String identity) {
        return toParentByIdentity.get(identity);
    }

    MessageType toChild(String identity) {
        return toChildByIdentity.get(identity);
    }

    /**
     * A hash of the whole declaration (names, directions, component types, reply types): both sides of a
     * connection must agree on it before a pair is made.
     */
    long fingerprint() {
        long value = fingerprint;
        if (value == 0) {
            StringBuilder text = new StringBuilder(name).append('\n');
            Set<RecordShape> described = new LinkedHashSet<>();
            describe(text, "P ", toParentByIdentity, described);
            describe(text, "C ", toChildByIdentity, described);
            value = fnv1a(text);
            fingerprint = value == 0 ? 1 : value;
        }
        return value;
    }

    private static void describe(StringBuilder text, String direction, Map<String, MessageType> messages,
            Set<RecordShape> described) {
        for (MessageType type : new TreeMap<>(messages).values()) {
            text.append(direction);
            describeRecord(text, type.record, described);
            if (type.reply != null) {
                text.append(" -> ").append(type.reply.describe());
            }
            text.append('\n');
        }
    }

    private static void describeRecord(StringBuilder text, RecordShape record, Set<RecordShape> described) {
        text.append(record.identity);
        if (!described.add(record)) {
            return;
        }
        text.append('(');
        for (int i = 0; i < record.components.length; i++) {
            Shape shape = record.components[i];
            text.append(i == 0 ? "" : ",").append(record.names[i]).append(':').append(shape.describe());
            describeNested(text, shape, described);
        }
        text.append(')');
    }

    private static void describeNested(StringBuilder text, Shape shape, Set<RecordShape> described) {
        if (shape.kind == Shape.Kind.RECORD && !described.contains(shape.record)) {
            text.append('{');
            describeRecord(text, shape.record, described);
            text.append('}');
        } else if (shape.kind == Shape.Kind.ENUM) {
            text.append(new java.util.TreeSet<>(shape.constants.keySet()));
        } else if (shape.element != null) {
            describeNested(text, shape.element, described);
        }
    }

    private static long fnv1a(CharSequence text) {
        long hash = 0xcbf29ce484222325L;
        for (int i = 0; i < text.length(); i++) {
            hash ^= text.charAt(i);
            hash *= 0x100000001b3L;
        }
        return hash;
    }

    /** The name without its package, nested names joined by dots. */
    static String relativeName(Class<?> type) {
        String full = type.getName();
        String pkg = type.getPackageName();
        return (pkg.isEmpty() ? full : full.substring(pkg.length() + 1)).replace('$', '.');
    }

    @Override
    public String toString() {
        return "ProtocolSchema[" + name + ", toParent " + toParentByIdentity.keySet() + ", toChild "
                + toChildByIdentity.keySet() + "]";
    }

    private static Map<Class<?>, MessageType> byClass(Map<String, MessageType> messages) {
        Map<Class<?>, MessageType> table = new HashMap<>();
        for (MessageType type : messages.values()) {
            table.put(type.record.type, type);
        }
        return Collections.unmodifiableMap(table);
    }

    /** Walks the declarations once, sharing record shapes so that recursive records terminate. */
    private static final class Builder {
        private final String protocol;
        private final Map<Class<?>, RecordShape> records = new HashMap<>();

        Builder(String protocol) {
            this.protocol = protocol;
        }

        Map<String, MessageType> messages(Class<?> root, String side, boolean toParent) {
            if (!root.isInterface() || !root.isSealed()) {
                throw fail(side + " " + root.getName() + " is not a sealed interface");
            }
            Set<Class<?>> found = new LinkedHashSet<>();
            collect(root, side, found);
            Map<String, MessageType> messages = new LinkedHashMap<>();
            for (Class<?> type : found) {
                RecordShape record = record(type, type.getName());
                Shape reply = null;
                if (Request.class.isAssignableFrom(type)) {
                    if (!toParent) {
                        throw fail(side + " message " + type.getName() + " implements Request: only toParent "
                                + "messages may expect a reply");
                    }
                    reply = replyShape(type);
                }
                MessageType previous = messages.put(record.identity, new MessageType(record, toParent, reply));
                if (previous != null) {
                    throw fail("two " + side + " messages have the identity " + record.identity);
                }
            }
            return Collections.unmodifiableMap(messages);
        }

        private void collect(Class<?> sealed, String side, Set<Class<?>> found) {
            Class<?>[] permitted = sealed.getPermittedSubclasses();
            if (permitted == null) {
                throw fail(side + ": " + sealed.getName() + " is not sealed");
            }
            for (Class<?> type : permitted) {
                if (type.isRecord()) {
                    found.add(type);
                } else if (type.isInterface() && type.isSealed()) {
                    collect(type, side, found);
                } else {
                    throw fail(side + ": " + type.getName() + " is neither a record nor a sealed interface");
                }
            }
        }

        private Shape replyShape(Class<?> type) {
            Map<TypeVariable<?>, Type> bindings = new HashMap<>();
            Type reply = requestArgument(type, bindings);
            if (reply == null) {
                throw fail(type.getName() + " implements Request without a reply type argument");
            }
            return shape(reply, bindings, "reply type of " + type.getName());
        }

        /** R of {@code Request<R>} as reached from {@code type}, following its generic interfaces. */
        private static Type requestArgument(Class<?> type, Map<TypeVariable<?>, Type> bindings) {
            for (Type generic : type.getGenericInterfaces()) {
                if (generic instanceof ParameterizedType parameterized) {
                    Class<?> raw = (Class<?>) parameterized.getRawType();
                    Type[] arguments = parameterized.getActualTypeArguments();
                    if (raw == Request.class) {
                        return arguments[0];
                    }
                    if (Request.class.isAssignableFrom(raw)) {
                        TypeVariable<?>[] variables = raw.getTypeParameters();
                        Map<TypeVariable<?>, Type> inner = new HashMap<>();
                        for (int i = 0; i < variables.length; i++) {
                            Type argument = arguments[i];
                            inner.put(variables[i], argument instanceof TypeVariable<?> v && bindings.containsKey(v)
                                    ? bindings.get(v) : argument);
                        }
                        Type found = requestArgument(raw, inner);
                        if (found != null) {
                            bindings.putAll(inner);
                            return found;
                        }
                    }
                } else if (generic instanceof Class<?> raw && Request.class.isAssignableFrom(raw) && raw != Request.class) {
                    Type found = requestArgument(raw, bindings);
                    if (found != null) {
                        return found;
                    }
                }
            }
            return null;
        }

        RecordShape record(Class<?> type, String where) {
            RecordShape known = records.get(type);
            if (known != null) {
                return known;
            }
            if (!type.isRecord()) {
                throw fail(where + ": " + type.getName() + " is not a record");
            }
            if (type.getTypeParameters().length > 0) {
                throw fail(where + ": " + type.getName() + " is a generic record");
            }
            RecordShape record = new RecordShape(type);
            records.put(type, record);
            RecordComponent[] declared = type.getRecordComponents();
            String[] names = new String[declared.length];
            Shape[] shapes = new Shape[declared.length];
            Method[] accessors = new Method[declared.length];
            Class<?>[] erased = new Class<?>[declared.length];
            for (int i = 0; i < declared.length; i++) {
                names[i] = declared[i].getName();
                String component = "component " + record.identity + "." + names[i];
                shapes[i] = shape(declared[i].getGenericType(), Map.of(), component);
                accessors[i] = accessible(declared[i].getAccessor(), component);
                erased[i] = declared[i].getType();
            }
            Constructor<?> constructor;
            try {
                constructor = accessible(type.getDeclaredConstructor(erased), "record " + type.getName());
            } catch (NoSuchMethodException e) {
                throw fail("record " + type.getName() + " has no canonical constructor");
            }
            record.complete(names, shapes, accessors, constructor);
            return record;
        }

        private <T extends java.lang.reflect.AccessibleObject> T accessible(T member, String where) {
            try {
                member.setAccessible(true);
                return member;
            } catch (RuntimeException e) { // InaccessibleObjectException: a named module that does not open it
                throw fail(where + " is not accessible to the actors bundle (" + e.getMessage() + ")");
            }
        }

        Shape shape(Type type, Map<TypeVariable<?>, Type> bindings, String where) {
            if (type instanceof TypeVariable<?> variable) {
                Type bound = bindings.get(variable);
                if (bound == null) {
                    throw fail(where + " has the type variable " + variable + "; use a concrete type (" + ALLOWED + ")");
                }
                return shape(bound, bindings, where);
            }
            if (type instanceof Class<?> c) {
                Shape simple = simple(c);
                if (simple != null) {
                    return simple;
                }
                if (c.isEnum()) {
                    Map<String, Enum<?>> constants = new LinkedHashMap<>();
                    for (Object constant : c.getEnumConstants()) {
                        constants.put(((Enum<?>) constant).name(), (Enum<?>) constant);
                    }
                    return new Shape(Shape.Kind.ENUM, false, c, null, null, Collections.unmodifiableMap(constants));
                }
                if (c.isRecord()) {
                    return new Shape(Shape.Kind.RECORD, false, c, null, record(c, where), null);
                }
                if (c == List.class || c == Map.class || c == Optional.class) {
                    throw fail(where + " is a raw " + c.getSimpleName() + "; give its type arguments");
                }
                throw fail(where + " is of type " + c.getTypeName() + ", which is not allowed (" + ALLOWED + ")");
            }
            if (type instanceof ParameterizedType parameterized) {
                Class<?> raw = (Class<?>) parameterized.getRawType();
                Type[] arguments = parameterized.getActualTypeArguments();
                if (raw == Optional.class) {
                    return new Shape(Shape.Kind.OPTIONAL, false, raw, shape(arguments[0], bindings, where), null, null);
                }
                if (raw == List.class) {
                    return new Shape(Shape.Kind.LIST, false, raw, shape(arguments[0], bindings, where), null, null);
                }
                if (raw == Map.class) {
                    if (arguments[0] != String.class) {
                        throw fail(where + " is a Map whose keys are " + arguments[0].getTypeName() + ", not String");
                    }
                    return new Shape(Shape.Kind.MAP, false, raw, shape(arguments[1], bindings, where), null, null);
                }
                throw fail(where + " is of type " + type.getTypeName() + ", which is not allowed (" + ALLOWED + ")");
            }
            throw fail(where + " is of type " + type.getTypeName() + ", which is not allowed (" + ALLOWED + ")");
        }

        private static Shape simple(Class<?> c) {
            Shape.Kind kind;
            if (c == boolean.class || c == Boolean.class) {
                kind = Shape.Kind.BOOLEAN;
            } else if (c == byte.class || c == Byte.class) {
                kind = Shape.Kind.BYTE;
            } else if (c == short.class || c == Short.class) {
                kind = Shape.Kind.SHORT;
            } else if (c == int.class || c == Integer.class) {
                kind = Shape.Kind.INT;
            } else if (c == long.class || c == Long.class) {
                kind = Shape.Kind.LONG;
            } else if (c == float.class || c == Float.class) {
                kind = Shape.Kind.FLOAT;
            } else if (c == double.class || c == Double.class) {
                kind = Shape.Kind.DOUBLE;
            } else if (c == char.class || c == Character.class) {
                kind = Shape.Kind.CHAR;
            } else if (c == String.class) {
                kind = Shape.Kind.STRING;
            } else if (c == byte[].class) {
                kind = Shape.Kind.BYTES;
            } else {
                return null;
            }
            return new Shape(kind, c.isPrimitive(), c, null, null, null);
        }

        private IllegalArgumentException fail(String what) {
            return new IllegalArgumentException("protocol " + protocol + ": " + what);
        }
    }

    /** For tests and messages: the identities of one side. */
    List<String> identities(boolean toParentSide) {
        return new ArrayList<>((toParentSide ? toParentByIdentity : toChildByIdentity).keySet());
    }
}
