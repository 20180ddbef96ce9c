package dev.backgroundtasks.actors.internal;

import static dev.backgroundtasks.actors.internal.Harness.await;
import static dev.backgroundtasks.actors.internal.Harness.take;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.backgroundtasks.actors.ActorDestroyedException;
import dev.backgroundtasks.actors.ActorException;
import dev.backgroundtasks.actors.ActorFactory;
import dev.backgroundtasks.actors.ChildActor;
import dev.backgroundtasks.actors.ChildLink;
import dev.backgroundtasks.actors.DestroyReason;
import dev.backgroundtasks.actors.ParentActor;
import dev.backgroundtasks.actors.Protocol;
import dev.backgroundtasks.scheduler.EventLoop;

/**
 * The same child code over every transport: in process, in process with every message encoded and
 * decoded (the test switch), and over the socket.
 */
class TransportSuiteTest {

    @ParameterizedTest
    @EnumSource(Harness.Transport.class)
    void messagesArriveInOrderBothWays(Harness.Transport transport) throws Exception {
        try (Harness harness = new Harness(transport)) {
            BlockingQueue<Object> heard = Harness.queue();
            ChildActor<Echo.ToParent, Echo.ToChild> child = harness.open(heard);
            for (int i = 0; i < 500; i++) {
                assertTrue(child.send(new Echo.Say("s" + i, i, true)), "send " + i);
            }
            Echo.Answer answer = await(child.request(new Echo.Ask("after", 500)));
            assertEquals(500, answer.said(), "every message before the request reached the parent first");
            for (int i = 0; i < 500; i++) {
                Object message = take(heard);
                assertInstanceOf(Echo.Heard.class, message, () -> "got " + message);
                assertEquals(i, ((Echo.Heard) message).seq());
                assertEquals(BackgroundThread.THREAD_NAME, ((Echo.Heard) message).thread());
            }
            assertTrue(harness.factory.received.isEmpty(), () -> harness.factory.received.toString());
            assertEquals(List.of(), harness.factory.wrongThreads);
            assertEquals(List.of(transport == Harness.Transport.SOCKET), harness.factory.otherProcess);
        }
    }

    @ParameterizedTest
    @EnumSource(Harness.Transport.class)
    void requestsCompleteOnHomeWithTheParentsReply(Harness.Transport transport) throws Exception {
        try (Harness harness = new Harness(transport)) {
            ChildActor<Echo.ToParent, Echo.ToChild> child = harness.open(Harness.queue());
            AtomicReference<Object> loopSeen = new AtomicReference<>();
            // asked from home itself, as a task on its loop would: the reply cannot overtake the dependent
            CompletionStage<Echo.Answer> stage = harness.home.scheduler().postTask(() -> child.request(
                    new Echo.Ask("hello", 7)).thenApply(answer -> {
                        loopSeen.set(EventLoop.current().orElse(null));
                        return answer;
                    })).get(10, TimeUnit.SECONDS);
            Echo.Answer answer = await(stage);
            assertEquals(new Echo.Answer("hello", 7, BackgroundThread.THREAD_NAME, 0), answer);
            assertEquals(harness.home, loopSeen.get(), "the stage completes on the child's home");
            List<CompletionStage<Echo.Answer>> many = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                many.add(child.request(new Echo.Ask("n", i)));
            }
            for (int i = 0; i < 200; i++) {
                assertEquals(i, await(many.get(i)).seq());
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Harness.Transport.class)
    void everyKindOfComponentRoundTrips(Harness.Transport transport) throws Exception {
        try (Harness harness = new Harness(transport)) {
            ChildActor<Echo.ToParent, Echo.ToChild> child = harness.open(Harness.queue());
            Echo.Node tree = new Echo.Node("root", List.of(new Echo.Node("a", List.of()),
                    new Echo.Node("b", List.of(new Echo.Node("c", List.of())))));
            Echo.Everything sent = new Echo.Everything(true, (byte) -3, (short) 300, -70000, 1L << 40, 1.5f, Math.PI,
                    'é', null, "text ✓", new byte[] {1, 2, 3}, Echo.Colour.GREEN, Optional.of("x"), Optional.empty(),
                    List.of(new Echo.Inner("i", Optional.of(3)), new Echo.Inner(null, Optional.empty())),
                    Map.of("k", List.of(1L, 2L), "empty", List.of()), new Echo.Inner("n", null), new Echo.Empty(), tree);
            Echo.Everything back = await(child.request(sent));
            assertEquals(sent.z(), back.z());
            assertEquals(sent.b(), back.b());
            assertEquals(sent.s(), back.s());
            assertEquals(sent.i(), back.i());
            assertEquals(sent.l(), back.l());
            assertEquals(sent.f(), back.f());
            assertEquals(sent.d(), back.d());
            assertEquals(sent.c(), back.c());
            assertNull(back.boxed());
            assertEquals(sent.text(), back.text());
            assertArrayEquals(sent.bytes(), back.bytes());
            assertEquals(sent.colour(), back.colour());
            assertEquals(sent.maybe(), back.maybe());
            assertEquals(sent.nothing(), back.nothing());
            assertEquals(sent.inners(), back.inners());
            assertEquals(sent.table(), back.table());
            assertEquals(sent.inner(), back.inner());
            assertEquals(sent.empty(), back.empty());
            assertEquals(sent.tree(), back.tree());
            boolean encoded = transport != Harness.Transport.IN_PROCESS;
            assertEquals(!encoded, sent.bytes() == back.bytes(), "only the fast path hands the same objects over");
        }
    }

    @ParameterizedTest
    @EnumSource(Harness.Transport.class)
    void theChildsCloseEndsBothSidesWithDeletion(Harness.Transport transport) throws Exception {
        try (Harness harness = new Harness(transport)) {
            ChildActor<Echo.ToParent, Echo.ToChild> child = harness.open(Harness.queue());
            await(child.request(new Echo.Ask("up", 0)));
            CompletionStage<String> held = child.request(new Echo.Hold());
            assertEquals("held", take(harness.factory.received));
            child.close();
            child.close();
            assertEquals(DestroyReason.DELETION, await(child.destroyed()));
            assertEquals(DestroyReason.DELETION, take(harness.factory.destroyed));
            ExecutionException failure = assertThrows(ExecutionException.class, () -> await(held));
            assertEquals(DestroyReason.DELETION, ((ActorDestroyedException) failure.getCause()).reason());
            assertFalse(child.send(new Echo.Say("late", 0, false)));
            ExecutionException late = assertThrows(ExecutionException.class,
                    () -> await(child.request(new Echo.Ask("late", 0))));
            assertEquals(DestroyReason.DELETION, ((ActorDestroyedException) late.getCause()).reason());
            harness.factory.held.forEach(f -> f.complete("too late")); // crosses the close: dropped
            // a round trip on a second actor of the same connection comes after anything the first still had
            ChildActor<Echo.ToParent, Echo.ToChild> after = harness.open(Harness.queue());
            await(after.request(new Echo.Ask("after", 0)));
            assertNull(harness.factory.destroyed.poll(), "destroyed exactly once");
        }
    }

    @ParameterizedTest
    @EnumSource(Harness.Transport.class)
    void theParentsCloseEndsBothSidesWithDeletion(Harness.Transport transport) throws Exception {
        try (Harness harness = new Harness(transport)) {
            BlockingQueue<Object> heard = Harness.queue();
            ChildActor<Echo.ToParent, Echo.ToChild> child = harness.open(heard);
            child.send(new Echo.Echoes(3));
            CompletionStage<Boolean> closed = child.request(new Echo.CloseMe());
            assertEquals(DestroyReason.DELETION, await(child.destroyed()));
            for (int i = 0; i < 3; i++) {
                assertEquals(i, ((Echo.Heard) take(heard)).seq(), "messages sent before the close arrive first");
            }
            assertEquals(DestroyReason.DELETION, take(harness.factory.destroyed));
            // the reply was sent after the close: the request failed with the pair instead
            ExecutionException failure = assertThrows(ExecutionException.class, () -> await(closed));
            assertEquals(DestroyReason.DELETION, ((ActorDestroyedException) failure.getCause()).reason());
            assertFalse(child.send(new Echo.Say("late", 0, false)));
        }
    }

    @ParameterizedTest
    @EnumSource(Harness.Transport.class)
    void aThrowingReceiveFailsThatRequestOnlyWithActorException(Harness.Transport transport) throws Exception {
        try (Harness harness = new Harness(transport)) {
            ChildActor<Echo.ToParent, Echo.ToChild> child = harness.open(Harness.queue());
            ExecutionException thrown = assertThrows(ExecutionException.class,
                    () -> await(child.request(new Echo.Fail("boom"))));
            assertInstanceOf(ActorException.class, thrown.getCause());
            assertTrue(thrown.getCause().getMessage().contains("IllegalStateException: boom"),
                    thrown.getCause().getMessage());
            ExecutionException failed = assertThrows(ExecutionException.class,
                    () -> await(child.request(new Echo.FailLater("later"))));
            assertInstanceOf(ActorException.class, failed.getCause());
            assertTrue(failed.getCause().getMessage().contains("IllegalArgumentException: later"),
                    failed.getCause().getMessage());
            ExecutionException wrong = assertThrows(ExecutionException.class,
                    () -> await(child.request(new Echo.WrongReply())));
            assertInstanceOf(ActorException.class, wrong.getCause());
            assertTrue(wrong.getCause().getMessage().contains("java.lang.String where Long is declared"),
                    wrong.getCause().getMessage());
            assertEquals(1, await(child.request(new Echo.Ask("still alive", 1))).seq());
            assertFalse(child.destroyed().toCompletableFuture().isDone());
        }
    }

    @ParameterizedTest
    @EnumSource(Harness.Transport.class)
    void aProtocolNobodyServesFailsItsConstructor(Harness.Transport transport) throws Exception {
        try (Harness harness = new Harness(transport)) {
            ChildActor<Unserved.Up, Unserved.Down> child = harness.client.openToApplication(Unserved.PROTOCOL,
                    message -> { }, harness.home);
            assertEquals(DestroyReason.FAILED_CONSTRUCTOR, await(child.destroyed()));
            ExecutionException failure = assertThrows(ExecutionException.class,
                    () -> await(child.request(new Unserved.Ping())));
            assertEquals(DestroyReason.FAILED_CONSTRUCTOR, ((ActorDestroyedException) failure.getCause()).reason());
        }
    }

    @ParameterizedTest
    @EnumSource(Harness.Transport.class)
    void aFactoryThatThrowsFailsTheConstructor(Harness.Transport transport) throws Exception {
        try (Harness harness = new Harness(transport)) {
            harness.application.addFactory(new ActorFactory<Unserved.Up, Unserved.Down>() {
                @Override
                public Protocol<Unserved.Up, Unserved.Down> protocol() {
                    return Unserved.PROTOCOL;
                }

                @Override
                public ParentActor<Unserved.Up, Unserved.Down> create(ChildLink<Unserved.Down> child) {
                    throw new IllegalStateException("cannot");
                }
            });
            ChildActor<Unserved.Up, Unserved.Down> child = harness.client.openToApplication(Unserved.PROTOCOL,
                    message -> { }, harness.home);
            child.send(new Unserved.Ping()); // may be sent before the parent fails: dropped
            assertEquals(DestroyReason.FAILED_CONSTRUCTOR, await(child.destroyed()));
            assertTrue(harness.reports().contains("threw java.lang.IllegalStateException: cannot"), harness.reports());
            // the connection (if any) lives on
            assertEquals(3, await(harness.open(Harness.queue()).request(new Echo.Ask("x", 3))).seq());
        }
    }

    @ParameterizedTest
    @EnumSource(Harness.Transport.class)
    void aSlowReceiveIsReportedWithProtocolAndMessageType(Harness.Transport transport) throws Exception {
        try (Harness harness = new Harness(transport)) {
            ChildActor<Echo.ToParent, Echo.ToChild> child = harness.open(Harness.queue());
            assertEquals(100, await(child.request(new Echo.Slow(100))));
            String reports = harness.reports();
            assertTrue(reports.contains("slow actor handler on the background thread: protocol 'test.echo', "
                    + "Echo.Slow took"), reports);
            assertTrue(reports.contains("slowHandlerMs is 50"), reports);
            assertTrue(reports.contains("queue delay p50"), reports);
            assertEquals(1, reports.lines().filter(l -> l.contains("Echo.Slow took")).count(), reports);
        }
    }

    @ParameterizedTest
    @EnumSource(Harness.Transport.class)
    void shuttingTheApplicationDownGivesNormalShutdownOnBothSides(Harness.Transport transport) throws Exception {
        try (Harness harness = new Harness(transport)) {
            ChildActor<Echo.ToParent, Echo.ToChild> child = harness.open(Harness.queue());
            await(child.request(new Echo.Ask("up", 0)));
            CompletionStage<String> held = child.request(new Echo.Hold());
            assertEquals("held", take(harness.factory.received));
            harness.application.shutdown(2000);
            assertEquals(DestroyReason.NORMAL_SHUTDOWN, take(harness.factory.destroyed));
            assertEquals(DestroyReason.NORMAL_SHUTDOWN, await(child.destroyed()));
            ExecutionException failure = assertThrows(ExecutionException.class, () -> await(held));
            assertEquals(DestroyReason.NORMAL_SHUTDOWN, ((ActorDestroyedException) failure.getCause()).reason());
        }
    }

    @ParameterizedTest
    @EnumSource(Harness.Transport.class)
    void childReceivesRunOnHomeAndParentsOnTheBackgroundThread(Harness.Transport transport) throws Exception {
        try (Harness harness = new Harness(transport)) {
            BlockingQueue<Object> heard = Harness.queue();
            ChildActor<Echo.ToParent, Echo.ToChild> child = harness.open(heard);
            // sent from a thread that is not home: callbacks still go home
            Thread other = new Thread(() -> child.send(new Echo.Echoes(20)));
            other.start();
            other.join();
            for (int i = 0; i < 20; i++) {
                Object message = take(heard);
                assertInstanceOf(Echo.Heard.class, message, () -> "got " + message);
            }
            assertEquals(List.of(), harness.factory.wrongThreads);
            AtomicReference<Object> destroyedOn = new AtomicReference<>();
            CompletionStage<DestroyReason> destroyed = child.destroyed().thenApply(reason -> {
                destroyedOn.set(EventLoop.current().orElse(null));
                return reason;
            });
            child.close();
            await(destroyed);
            assertEquals(harness.home, destroyedOn.get());
        }
    }

    @ParameterizedTest
    @EnumSource(Harness.Transport.class)
    void openWithoutHomeNeedsAnEventLoopAndMessagesMustBeDeclared(Harness.Transport transport) throws Exception {
        try (Harness harness = new Harness(transport)) {
            assertThrows(IllegalStateException.class,
                    () -> harness.client.openToApplication(Echo.PROTOCOL, message -> { }));
            ChildActor<Echo.ToParent, Echo.ToChild> onLoop = harness.home.scheduler()
                    .postTask(() -> harness.client.openToApplication(Echo.PROTOCOL, message -> { }))
                    .get(10, TimeUnit.SECONDS);
            assertEquals(4, await(onLoop.request(new Echo.Ask("x", 4))).seq());
            @SuppressWarnings({"unchecked", "rawtypes"})
            ChildActor<Object, Object> raw = (ChildActor) onLoop;
            assertThrows(IllegalArgumentException.class, () -> raw.send("not a message"));
            assertThrows(IllegalArgumentException.class, () -> raw.send(new Echo.Heard("wrong way", 0, "")));
            assertThrows(IllegalArgumentException.class, () -> raw.send(null));
        }
    }

    /** A protocol the Echo application does not serve. */
    static final class Unserved {
        sealed interface Up permits Ping {
        }

        sealed interface Down permits Pong {
        }

        record Ping() implements Up, dev.backgroundtasks.actors.Request<Boolean> {
        }

        record Pong() implements Down {
        }

        static final Protocol<Up, Down> PROTOCOL = Protocol.of("test.unserved", Up.class, Down.class);
    }
}
