package dev.backgroundtasks.actors.internal;

import static dev.backgroundtasks.actors.internal.Harness.await;
import static dev.backgroundtasks.actors.internal.Harness.take;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import dev.backgroundtasks.actors.ActorDestroyedException;
import dev.backgroundtasks.actors.ChildActor;
import dev.backgroundtasks.actors.DestroyReason;
import dev.backgroundtasks.api.FrameworkProperties;

/** The socket transport against peers that are absent, stale, hostile or of another user. */
class SocketTest {
    private static final long ECHO = ProtocolSchema.of(Echo.PROTOCOL).fingerprint();

    private static byte[] open(long id) {
        return Wire.open(id, Echo.PROTOCOL.name(), ECHO);
    }

    /** The hostile connection is cut, its pair ends with PROTOCOL_ERROR, and the application serves the next. */
    private static void cutAndStillServing(Harness harness, RawPeer peer, boolean hadPair, String reported)
            throws Exception {
        assertTrue(peer.closedByOtherSide(10_000), "the application cut the hostile connection");
        if (hadPair) {
            assertEquals(DestroyReason.PROTOCOL_ERROR, take(harness.factory.destroyed));
        }
        ChildActor<Echo.ToParent, Echo.ToChild> good = harness.open(Harness.queue());
        assertEquals(9, await(good.request(new Echo.Ask("next", 9))).seq());
        String reports = harness.reports();
        assertTrue(reports.contains("cut an actors connection") && reports.contains(reported), reports);
    }

    @Test
    void garbageBytesCutOnlyThatConnection() throws Exception {
        try (Harness harness = new Harness(Harness.Transport.SOCKET)) {
            ChildActor<Echo.ToParent, Echo.ToChild> bystander = harness.open(Harness.queue());
            await(bystander.request(new Echo.Ask("before", 1)));
            try (RawPeer peer = RawPeer.connect(harness.application.listen().socket())) {
                peer.hello().write(RawPeer.withLength("this is not CBOR \u0000\u00ff".getBytes(StandardCharsets.UTF_8)));
                assertTrue(peer.closedByOtherSide(10_000));
            }
            try (RawPeer peer = RawPeer.connect(harness.application.listen().socket())) {
                peer.write(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 1, 2, 3});
                cutAndStillServing(harness, peer, false, "a frame of 4294967295 bytes");
            }
            assertEquals(2, await(bystander.request(new Echo.Ask("after", 2))).seq(), "another connection lives on");
            assertEquals(1, harness.factory.created.get() - 1, "the bystander's and the next pair only");
        }
    }

    @Test
    void anOversizedFrameIsCutBeforeItsBodyIsRead() throws Exception {
        try (Harness harness = new Harness(Harness.Transport.SOCKET);
                RawPeer peer = RawPeer.connect(harness.application.listen().socket())) {
            peer.hello().write(open(1)).write(new byte[] {0, 0x20, 0, 0}); // 2 MiB announced, nothing follows
            cutAndStillServing(harness, peer, true, "a frame of 2097152 bytes (at most 1048576)");
        }
    }

    @Test
    void anUnknownMessageTypeIsAProtocolError() throws Exception {
        try (Harness harness = new Harness(Harness.Transport.SOCKET);
                RawPeer peer = RawPeer.connect(harness.application.listen().socket())) {
            peer.hello().write(open(1)).write(RawPeer.frame(g -> {
                g.writeStartArray(null, 4);
                g.writeNumber(Wire.MESSAGE);
                g.writeNumber(1);
                g.writeString("Echo.DropTables");
                g.writeStartArray(null, 0);
                g.writeEndArray();
                g.writeEndArray();
            }));
            cutAndStillServing(harness, peer, true, "has no message Echo.DropTables");
        }
    }

    @Test
    void aRecordWithAWrongFieldTypeIsAProtocolError() throws Exception {
        try (Harness harness = new Harness(Harness.Transport.SOCKET);
                RawPeer peer = RawPeer.connect(harness.application.listen().socket())) {
            peer.hello().write(open(1)).write(RawPeer.frame(g -> {
                g.writeStartArray(null, 4);
                g.writeNumber(Wire.MESSAGE);
                g.writeNumber(1);
                g.writeString("Echo.Say");
                g.writeStartArray(null, 3);
                g.writeString("text");
                g.writeString("not an int");
                g.writeBoolean(true);
                g.writeEndArray();
                g.writeEndArray();
            }));
            cutAndStillServing(harness, peer, true, "Echo.Say.seq: expected an int, found a string");
        }
    }

    @Test
    void aReplyToNothingIsAProtocolError() throws Exception {
        try (Harness harness = new Harness(Harness.Transport.SOCKET);
                RawPeer peer = RawPeer.connect(harness.application.listen().socket())) {
            peer.hello().write(open(1)).write(RawPeer.frame(g -> {
                g.writeStartArray(null, 4);
                g.writeNumber(Wire.REPLY);
                g.writeNumber(1);
                g.writeNumber(77);
                g.writeString("unasked");
                g.writeEndArray();
            }));
            cutAndStillServing(harness, peer, true, "an unexpected frame of type 4");
        }
    }

    @Test
    void aMessageAfterItsOwnCloseIsAProtocolError() throws Exception {
        try (Harness harness = new Harness(Harness.Transport.SOCKET);
                RawPeer peer = RawPeer.connect(harness.application.listen().socket())) {
            peer.hello().write(open(1)).write(Wire.close(1, "DELETION"));
            assertEquals(DestroyReason.DELETION, take(harness.factory.destroyed));
            peer.write(Wire.message(1, ProtocolSchema.of(Echo.PROTOCOL).checkToParent(new Echo.Quiet(1)),
                    new Echo.Quiet(1)));
            cutAndStillServing(harness, peer, false, "a message on pair 1 after its close");
        }
    }

    @Test
    void aConnectionMustGreetFirstAndOpenPairsInOrder() throws Exception {
        try (Harness harness = new Harness(Harness.Transport.SOCKET)) {
            try (RawPeer peer = RawPeer.connect(harness.application.listen().socket())) {
                peer.write(open(1));
                cutAndStillServing(harness, peer, false, "the first frame is not a hello");
            }
            try (RawPeer peer = RawPeer.connect(harness.application.listen().socket())) {
                peer.hello().write(open(5)).write(open(5));
                cutAndStillServing(harness, peer, true, "an open of pair 5, not above 5");
            }
        }
    }

    @Test
    void aFakeApplicationsReplyToNothingCutsTheClientsConnection() throws Exception {
        Path directory = Harness.runtimeDirectory();
        Path socket = directory.resolve(FrameworkProperties.APPLICATION_SOCKET);
        LocalBackground client = LocalBackground.create(LocalBackground.Options.defaults().runtimeDirectory(directory)
                .reports(new java.io.PrintStream(java.io.OutputStream.nullOutputStream())));
        try (ServerSocketChannel fake = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            fake.bind(UnixDomainSocketAddress.of(socket));
            ChildActor<Echo.ToParent, Echo.ToChild> child = client.openToApplication(Echo.PROTOCOL, m -> { },
                    Runnable::run);
            CompletionStage<Echo.Answer> asked = child.request(new Echo.Ask("q", 1));
            try (SocketChannel accepted = fake.accept(); RawPeer application = new RawPeer(accepted)) {
                application.write(RawPeer.frame(g -> {
                    g.writeStartArray(null, 4);
                    g.writeNumber(Wire.REPLY);
                    g.writeNumber(1);
                    g.writeNumber(99);
                    g.writeNull();
                    g.writeEndArray();
                }));
                assertEquals(DestroyReason.PROTOCOL_ERROR, await(child.destroyed()));
                ExecutionException failure = assertThrows(ExecutionException.class, () -> await(asked));
                assertEquals(DestroyReason.PROTOCOL_ERROR, ((ActorDestroyedException) failure.getCause()).reason());
                assertTrue(application.closedByOtherSide(10_000));
                assertTrue(application.receivedText().contains("a reply to no request"), application.receivedText());
            }
        } finally {
            client.shutdown(1000);
            Harness.delete(directory);
        }
    }

    @Test
    void withoutAnApplicationOpenFailsAtOnceAndAStaleSocketIsReplaced() throws Exception {
        Path directory = Harness.runtimeDirectory();
        Path socket = directory.resolve(FrameworkProperties.APPLICATION_SOCKET);
        LocalBackground client = LocalBackground.create(LocalBackground.Options.defaults().runtimeDirectory(directory));
        try {
            assertFalse(client.isApplicationRunning(), "no socket");
            long start = System.nanoTime();
            ChildActor<Echo.ToParent, Echo.ToChild> child = client.openToApplication(Echo.PROTOCOL, m -> { },
                    Runnable::run);
            assertEquals(DestroyReason.FAILED_CONSTRUCTOR, child.destroyed().toCompletableFuture().getNow(null),
                    "destroyed before open returned");
            assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(2));

            // a killed application leaves its socket file behind
            ServerSocketChannel dead = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            dead.bind(UnixDomainSocketAddress.of(socket));
            dead.close();
            assertTrue(Files.exists(socket));
            assertFalse(client.isApplicationRunning(), "a stale socket");
            assertEquals(DestroyReason.FAILED_CONSTRUCTOR, await(client.openToApplication(Echo.PROTOCOL, m -> { },
                    Runnable::run).destroyed()));

            EchoFactory factory = new EchoFactory();
            LocalBackground application = LocalBackground.create(LocalBackground.Options.defaults()
                    .runtimeDirectory(directory).application(true));
            application.addFactory(factory);
            application.listen();
            try {
                assertTrue(client.isApplicationRunning());
                assertEquals(3, await(client.openToApplication(Echo.PROTOCOL, m -> { }, Runnable::run)
                        .request(new Echo.Ask("x", 3))).seq());
                IOException second = assertThrows(IOException.class, () -> LocalBackground.create(
                        LocalBackground.Options.defaults().runtimeDirectory(directory).application(true)).listen());
                assertTrue(second.getMessage().contains("already listens"), second.getMessage());
            } finally {
                application.shutdown(2000);
            }
            assertFalse(Files.exists(socket), "removed when the application ends");
            assertFalse(client.isApplicationRunning());
        } finally {
            client.shutdown(1000);
            Harness.delete(directory);
        }
    }

    @Test
    void theClientsOrderlyShutdownGivesNormalShutdownToTheParents() throws Exception {
        try (Harness harness = new Harness(Harness.Transport.SOCKET)) {
            ChildActor<Echo.ToParent, Echo.ToChild> child = harness.open(Harness.queue());
            child.send(new Echo.Say("last words", 0, false));
            ChildActor<Echo.ToParent, Echo.ToChild> closed = harness.open(Harness.queue());
            closed.close();
            harness.client.shutdown(2000);
            List<DestroyReason> reasons = List.of(take(harness.factory.destroyed), take(harness.factory.destroyed));
            assertTrue(reasons.contains(DestroyReason.DELETION) && reasons.contains(DestroyReason.NORMAL_SHUTDOWN),
                    reasons::toString);
            assertEquals(DestroyReason.NORMAL_SHUTDOWN, await(child.destroyed()));
        }
    }

    @Test
    void aProcessOfAnotherUserIsRefusedBeforeAByteIsRead() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root to run a peer as nobody");
        assumeTrue(run(List.of("runuser", "-u", "nobody", "--", "true")) == 0, "runuser -u nobody works");
        assumeTrue(run(List.of("runuser", "-u", "nobody", "--", "python3", "-c", "pass")) == 0, "python3 as nobody");
        try (Harness harness = new Harness(Harness.Transport.SOCKET)) {
            Path socket = harness.application.listen().socket();
            // open the way for this test only: the 0700 directory is what normally keeps others out
            Files.setPosixFilePermissions(harness.runtimeDirectory, PosixFilePermissions.fromString("rwx--x--x"));
            Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rwxrwxrwx"));
            String script = "import socket,sys\n"
                    + "s=socket.socket(socket.AF_UNIX)\n"
                    + "s.connect(sys.argv[1])\n"
                    + "try:\n"
                    + "  s.sendall(b'\\x00\\x00\\x00\\x01\\x80')\n"
                    + "  s.settimeout(10)\n"
                    + "  print('read', len(s.recv(100)))\n"
                    + "except OSError as e:\n"
                    + "  print('closed', e)\n";
            Process nobody = new ProcessBuilder("runuser", "-u", "nobody", "--", "python3", "-c", script,
                    socket.toString()).redirectErrorStream(true).start();
            String output = new String(nobody.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(nobody.waitFor(20, TimeUnit.SECONDS));
            assertTrue(output.contains("read 0") || output.contains("closed"), output);
            assertEquals(1, harness.application.listen().refused());
            assertTrue(harness.reports().contains("refused a connection to " + socket + " from user nobody"),
                    harness.reports());
            assertEquals(0, harness.factory.created.get());
            assertEquals(1, await(harness.open(Harness.queue()).request(new Echo.Ask("me", 1))).seq());
        }
    }

    private static int run(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getInputStream().readAllBytes();
            return process.waitFor(20, TimeUnit.SECONDS) ? process.exitValue() : -1;
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }
}
