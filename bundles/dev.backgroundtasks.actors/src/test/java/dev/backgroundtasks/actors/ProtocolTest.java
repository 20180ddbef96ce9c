package dev.backgroundtasks.actors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

class ProtocolTest {
    sealed interface Up permits Hello, Ask, Nested {
    }

    sealed interface Nested extends Up permits Deep {
    }

    record Hello(int a, Integer b, String c, byte[] d, Colour e, Optional<String> f, List<Map<String, Inner>> g)
            implements Up {
    }

    record Inner(Optional<List<Inner>> more) {
    }

    enum Colour { RED }

    sealed interface Asking<R> extends Request<R> permits Ask {
    }

    record Ask() implements Up, Asking<List<String>> {
    }

    record Deep(long x) implements Nested {
    }

    sealed interface Down permits Told {
    }

    record Told() implements Down {
    }

    @Test
    void aValidProtocolKeepsItsNameAndSides() {
        Protocol<Up, Down> protocol = Protocol.of("p", Up.class, Down.class);
        assertEquals("p", protocol.name());
        assertEquals(Up.class, protocol.toParent());
        assertEquals(Down.class, protocol.toChild());
    }

    private static void refused(String expected, Class<?> up, Class<?> down) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Protocol.of("bad", up, down));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    sealed interface NotRecords permits Plain {
    }

    static final class Plain implements NotRecords {
    }

    interface Open {
    }

    sealed interface WithInstant permits Timed {
    }

    record Timed(Instant at) implements WithInstant {
    }

    sealed interface WithSet permits Tagged {
    }

    record Tagged(Set<String> tags) implements WithSet {
    }

    sealed interface WithIntKeys permits Keyed {
    }

    record Keyed(Map<Integer, String> byNumber) implements WithIntKeys {
    }

    sealed interface WithRaw permits Raw {
    }

    @SuppressWarnings("rawtypes")
    record Raw(List list) implements WithRaw {
    }

    sealed interface WithObject permits Anything {
    }

    record Anything(Object value) implements WithObject {
    }

    sealed interface WithArray permits Ints {
    }

    record Ints(int[] values) implements WithArray {
    }

    sealed interface RequestDown permits AskingChild {
    }

    record AskingChild() implements RequestDown, Request<String> {
    }

    sealed interface BadReply permits WantsSet {
    }

    record WantsSet() implements BadReply, Request<Set<String>> {
    }

    sealed interface VoidReply permits WantsVoid {
    }

    record WantsVoid() implements VoidReply, Request<Void> {
    }

    sealed interface WithGeneric permits Boxed {
    }

    record Box<T>(T value) {
    }

    record Boxed(Box<String> box) implements WithGeneric {
    }

    sealed interface WithWildcard permits Wild {
    }

    record Wild(List<? extends CharSequence> items) implements WithWildcard {
    }

    @Test
    void everyRuleNamesWhatBreaksIt() {
        refused("is not a sealed interface", Open.class, Down.class);
        refused("is not a sealed interface", Told.class, Down.class);
        refused("is neither a record nor a sealed interface", NotRecords.class, Down.class);
        refused("component ProtocolTest.Timed.at is of type java.time.Instant, which is not allowed", WithInstant.class, Down.class);
        refused("ProtocolTest.Tagged.tags is of type java.util.Set<java.lang.String>, which is not allowed", WithSet.class, Down.class);
        refused("ProtocolTest.Keyed.byNumber is a Map whose keys are java.lang.Integer, not String", WithIntKeys.class, Down.class);
        refused("ProtocolTest.Raw.list is a raw List", WithRaw.class, Down.class);
        refused("ProtocolTest.Anything.value is of type java.lang.Object", WithObject.class, Down.class);
        refused("ProtocolTest.Ints.values is of type int[]", WithArray.class, Down.class);
        refused("implements Request: only toParent messages may expect a reply", Up.class, RequestDown.class);
        refused("reply type of dev.backgroundtasks.actors.ProtocolTest$WantsSet is of type java.util.Set",
                BadReply.class, Down.class);
        refused("reply type of dev.backgroundtasks.actors.ProtocolTest$WantsVoid is of type java.lang.Void",
                VoidReply.class, Down.class);
        refused("ProtocolTest.Boxed.box is of type dev.backgroundtasks.actors.ProtocolTest$Box<java.lang.String>", WithGeneric.class,
                Down.class);
        refused("ProtocolTest.Wild.items is of type ? extends java.lang.CharSequence", WithWildcard.class, Down.class);
        IllegalArgumentException name = assertThrows(IllegalArgumentException.class,
                () -> Protocol.of("", Up.class, Down.class));
        assertTrue(name.getMessage().contains("protocol name"), name.getMessage());
    }
}
