package dev.backgroundtasks.actors.internal;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.backgroundtasks.actors.Protocol;
import dev.backgroundtasks.actors.Request;

/** The protocol every transport test speaks. */
public final class Echo {
    private Echo() {
    }

    public sealed interface ToParent permits Say, Ask, Fail, FailLater, Slow, CloseMe, Echoes, Everything, WrongReply,
            Hold, Quiet {
    }

    public sealed interface ToChild permits Heard {
    }

    /** Recorded by the parent, echoed back as Heard when {@code echo}. */
    public record Say(String text, int seq, boolean echo) implements ToParent {
    }

    public record Ask(String text, int seq) implements ToParent, Request<Answer> {
    }

    public record Answer(String text, int seq, String thread, int said) {
    }

    /** The parent's receive throws. */
    public record Fail(String why) implements ToParent, Request<String> {
    }

    /** The parent's stage fails. */
    public record FailLater(String why) implements ToParent, Request<String> {
    }

    /** The parent's receive takes that long on the background thread. */
    public record Slow(int millis) implements ToParent, Request<Integer> {
    }

    /** The parent closes its link after replying. */
    public record CloseMe() implements ToParent, Request<Boolean> {
    }

    /** The parent sends {@code count} Heard messages to the child, from the background thread. */
    public record Echoes(int count) implements ToParent {
    }

    /** Round-trips every kind of component. */
    public record Everything(boolean z, byte b, short s, int i, long l, float f, double d, char c, Integer boxed,
            String text, byte[] bytes, Colour colour, Optional<String> maybe, Optional<Inner> nothing,
            List<Inner> inners, Map<String, List<Long>> table, Inner inner, Empty empty, Node tree)
            implements ToParent, Request<Everything> {
    }

    /** The parent replies with a String where a Long is declared (through the untyped stage). */
    public record WrongReply() implements ToParent, Request<Long> {
    }

    /** The parent never completes the reply. */
    public record Hold() implements ToParent, Request<String> {
    }

    /** The parent's receive does nothing and returns null. */
    public record Quiet(int seq) implements ToParent {
    }

    public record Heard(String text, int seq, String thread) implements ToChild {
    }

    public enum Colour { RED, GREEN }

    public record Inner(String name, Optional<Integer> size) {
    }

    public record Empty() {
    }

    public record Node(String label, List<Node> children) {
    }

    public static final Protocol<ToParent, ToChild> PROTOCOL = Protocol.of("test.echo", ToParent.class, ToChild.class);
}
