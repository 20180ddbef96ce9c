package dev.backgroundtasks.actors.internal;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/** A record type of a protocol: its components in declaration order, read and built by reflection. */
final class RecordShape {
    final Class<?> type;
    /** The name without the package, as declared ({@code Outer.Inner}): a message's wire identity. */
    final String identity;
    String[] names;
    Shape[] components;
    private Method[] accessors;
    private Constructor<?> constructor;

    RecordShape(Class<?> type) {
        this.type = type;
        this.identity = ProtocolSchema.relativeName(type);
    }

    void complete(String[] names, Shape[] components, Method[] accessors, Constructor<?> constructor) {
        this.names = names;
        this.components = components;
        this.accessors = accessors;
        this.constructor = constructor;
    }

    Object get(Object record, int index) {
        try {
            return accessors[index].invoke(record);
        } catch (InvocationTargetException e) {
            throw new IllegalArgumentException(identity + "." + names[index] + "() threw " + e.getCause(), e.getCause());
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Builds the record; a canonical constructor that rejects the values is the caller's protocol error. */
    Object build(Object[] values) throws InvocationTargetException {
        try {
            return constructor.newInstance(values);
        } catch (InstantiationException | IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }
}
