package dev.backgroundtasks.actors.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import dev.backgroundtasks.actors.ChildActor;
import dev.backgroundtasks.actors.ChildHandler;
import dev.backgroundtasks.scheduler.EventLoop;

/** An application with the Echo factory, and a child's home, over one transport. */
final class Harness implements AutoCloseable {
    enum Transport { IN_PROCESS, IN_PROCESS_ENCODED, SOCKET }

    final Transport transport;
    final EchoFactory factory = new EchoFactory();
    final LocalBackground application;
    final LocalBackground client;
    final EventLoop home = EventLoop.start("child-home");
    final Path runtimeDirectory;
    final ByteArrayOutputStream reportBytes = new ByteArrayOutputStream();
    final PrintStream reports = new PrintStream(reportBytes, true, StandardCharsets.UTF_8);

    Harness(Transport transport) throws IOException {
        this(transport, LocalBackground.Options.defaults());
    }

    Harness(Transport transport, LocalBackground.Options base) throws IOException {
        this.transport = transport;
        this.runtimeDirectory = runtimeDirectory();
        LocalBackground.Options options = base.reports(reports).runtimeDirectory(runtimeDirectory);
        application = LocalBackground.create(options.application(true)
                .encodeInProcess(transport == Transport.IN_PROCESS_ENCODED));
        application.addFactory(factory);
        if (transport == Transport.SOCKET) {
            application.listen();
            client = LocalBackground.create(options);
        } else {
            client = application;
        }
    }

    static Path runtimeDirectory() throws IOException {
        return Files.createTempDirectory(Path.of("/tmp"), "actors",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    }

    ChildActor<Echo.ToParent, Echo.ToChild> open(ChildHandler<Echo.ToChild> handler) {
        return client.openToApplication(Echo.PROTOCOL, handler, home);
    }

    /** A child whose messages land in {@code into}, with a note when one arrives off its home. */
    ChildActor<Echo.ToParent, Echo.ToChild> open(BlockingQueue<Object> into) {
        return open(message -> {
            if (EventLoop.current().orElse(null) != home) {
                into.add("off home: " + Thread.currentThread().getName());
            }
            into.add(message);
        });
    }

    String reports() {
        return reportBytes.toString(StandardCharsets.UTF_8);
    }

    static <T> T await(CompletionStage<T> stage) throws Exception {
        return stage.toCompletableFuture().get(20, TimeUnit.SECONDS);
    }

    static <T> T take(BlockingQueue<T> queue) throws InterruptedException {
        T item = queue.poll(20, TimeUnit.SECONDS);
        if (item == null) {
            throw new AssertionError("nothing arrived within 20 s");
        }
        return item;
    }

    static BlockingQueue<Object> queue() {
        return new LinkedBlockingQueue<>();
    }

    @Override
    public void close() throws IOException {
        if (client != application) {
            client.shutdown(2000);
        }
        application.shutdown(2000);
        home.close();
        delete(runtimeDirectory);
    }

    static void delete(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
