package dev.backgroundtasks.actors;

import java.util.Objects;

import dev.backgroundtasks.actors.internal.ProtocolSchema;

/**
 * A protocol, declared once and shared by both sides: a name and two sealed interfaces of records, the
 * messages to the parent and the messages to the child. Checked when declared; every message record
 * gets a stable identity (its name without the package, as declared), and each {@link Request} its
 * reply type. Both transports check every message against this declaration.
 *
 * <pre>{@code
 * public final class Progress {
 *     public sealed interface ToParent permits Started, Step, Total {}
 *     public sealed interface ToChild permits Cancel {}
 *     public record Started(String task) implements ToParent {}
 *     public record Step(int done, Optional<String> note) implements ToParent {}
 *     public record Total() implements ToParent, Request<Integer> {}
 *     public record Cancel(String why) implements ToChild {}
 *     public static final Protocol<ToParent, ToChild> PROTOCOL = Protocol.of("progress", ToParent.class, ToChild.class);
 * }
 * }</pre>
 *
 * @param <P> the messages to the parent
 * @param <C> the messages to the child
 */
public final class Protocol<P, C> {
    static {
        ProtocolSchema.access(protocol -> protocol.schema);
    }

    private final ProtocolSchema schema;

    private Protocol(ProtocolSchema schema) {
        this.schema = schema;
    }

    /**
     * Declares a protocol. {@code toParent} and {@code toChild} are sealed interfaces; every permitted
     * class, recursively (a permitted sealed interface is followed), is a record whose components are
     * primitives, boxed primitives, {@code String}, {@code byte[]}, enums, {@code Optional}, {@code List},
     * {@code Map} with {@code String} keys, or such records, with concrete type arguments. Only
     * {@code toParent} records may implement {@link Request}, and a reply type follows the same rules.
     *
     * @param name the name both sides use to find each other, 1 to 200 characters
     * @throws IllegalArgumentException when a rule is broken, naming the type or component at fault
     */
    public static <P, C> Protocol<P, C> of(String name, Class<P> toParent, Class<C> toChild) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(toParent, "toParent");
        Objects.requireNonNull(toChild, "toChild");
        return new Protocol<>(ProtocolSchema.declare(name, toParent, toChild));
    }

    public String name() {
        return schema.name();
    }

    @SuppressWarnings("unchecked")
    public Class<P> toParent() {
        return (Class<P>) schema.toParent();
    }

    @SuppressWarnings("unchecked")
    public Class<C> toChild() {
        return (Class<C>) schema.toChild();
    }

    @Override
    public String toString() {
        return "Protocol[" + schema.name() + "]";
    }
}
