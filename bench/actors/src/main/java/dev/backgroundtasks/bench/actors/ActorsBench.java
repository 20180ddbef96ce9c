package dev.backgroundtasks.bench.actors;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import dev.backgroundtasks.actors.ActorFactory;
import dev.backgroundtasks.actors.Background;
import dev.backgroundtasks.actors.ChildActor;
import dev.backgroundtasks.actors.ChildLink;
import dev.backgroundtasks.actors.ParentActor;
import dev.backgroundtasks.actors.Protocol;
import dev.backgroundtasks.actors.internal.LocalBackground;
import dev.backgroundtasks.scheduler.EventLoop;

/**
 * The actors' benchmark harness: {@code all} drives everything and prints the report; the other modes
 * are the processes it forks (the application, the raw echo server, a cold task, a codec probe).
 */
public final class ActorsBench {
    private static final int[] SIZES = {100, 4096};

    private ActorsBench() {
    }

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "all" -> all(Path.of(args[1]), args[2], Integer.parseInt(args[3]));
            case "app" -> application(Path.of(args[1]), args.length > 2 && args[2].equals("busy"));
            case "echo" -> echoServer(Path.of(args[1]));
            case "cold" -> coldTask(Path.of(args[1]));
            default -> throw new IllegalArgumentException(args[0]);
        }
    }

    // ------------------------------------------------------------------------------------- the driver

    private static void all(Path work, String classPath, int rounds) throws Exception {
        int warmup = Math.max(2000, rounds / 4);
        List<String> rows = new ArrayList<>();
        rows.add("| figure | record | p50 µs | p99 µs | floor p50 µs | floor p99 µs | p50 / floor |");
        rows.add("|---|---|---|---|---|---|---|");

        // in process: the child on an EventLoop, against a raw hand-off to a single-thread executor and back
        EventLoop home = EventLoop.start("bench-home");
        Background background = Background.start(List.of(new PingFactory()));
        ChildActor<BenchProtocol.Up, BenchProtocol.Down> local = background.open(BenchProtocol.PROTOCOL, m -> { }, home);
        ExecutorService single = Executors.newSingleThreadExecutor();
        for (int size : SIZES) {
            BenchProtocol.Ping ping = BenchProtocol.ping(size);
            long[] floor = chain(home, warmup, rounds, done -> single.execute(() -> home.execute(done)));
            long[] actors = chain(home, warmup, rounds, done -> local.request(ping).thenRun(done));
            rows.add(row("in-process request", size, actors, floor));
        }
        single.shutdown();
        ((LocalBackground) background).shutdown(1000);

        // cross-process: the application in another JVM, against a raw byte ping-pong over the same kind of socket
        Path echoSocket = work.resolve("echo.sock");
        Process echo = fork(classPath, "echo", echoSocket.toString());
        awaitLine(echo, "READY");
        long[][] floors = new long[SIZES.length][];
        for (int i = 0; i < SIZES.length; i++) {
            floors[i] = pingPong(echoSocket, SIZES[i], warmup, rounds);
        }
        echo.destroy();

        Path idleDir = Files.createDirectory(work.resolve("idle"));
        String idleQueue;
        long[][] idle = new long[SIZES.length][];
        Process app = fork(classPath, "app", idleDir.toString());
        awaitLine(app, "READY");
        LocalBackground task = LocalBackground.create(LocalBackground.Options.defaults().runtimeDirectory(idleDir));
        ChildActor<BenchProtocol.Up, BenchProtocol.Down> remote = task.openToApplication(BenchProtocol.PROTOCOL,
                m -> { }, home);
        for (int i = 0; i < SIZES.length; i++) {
            BenchProtocol.Ping ping = BenchProtocol.ping(SIZES[i]);
            idle[i] = chain(home, warmup, rounds, done -> remote.request(ping).thenRun(done));
            rows.add(row("cross-process request", SIZES[i], idle[i], floors[i]));
        }
        // the cold cost of the first openToApplication, in fresh task JVMs against the running application
        List<String> cold = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Process coldTask = fork(classPath, "cold", idleDir.toString());
            cold.add(lastLine(coldTask));
        }
        task.shutdown(2000);
        idleQueue = stop(app);

        Path busyDir = Files.createDirectory(work.resolve("busy"));
        Process busyApp = fork(classPath, "app", busyDir.toString(), "busy");
        awaitLine(busyApp, "READY");
        LocalBackground busyTask = LocalBackground.create(LocalBackground.Options.defaults().runtimeDirectory(busyDir));
        ChildActor<BenchProtocol.Up, BenchProtocol.Down> busyRemote = busyTask.openToApplication(BenchProtocol.PROTOCOL,
                m -> { }, home);
        List<String> busyRows = new ArrayList<>();
        busyRows.add("| record | idle p50 µs | idle p99 µs | busy p50 µs | busy p99 µs | busy p99 / idle p99 |");
        busyRows.add("|---|---|---|---|---|---|");
        for (int i = 0; i < SIZES.length; i++) {
            BenchProtocol.Ping ping = BenchProtocol.ping(SIZES[i]);
            long[] busy = chain(home, warmup, rounds, done -> busyRemote.request(ping).thenRun(done));
            busyRows.add(String.format(Locale.ROOT, "| %s | %.1f | %.1f | %.1f | %.1f | %.2f |", label(SIZES[i]),
                    micros(p(idle[i], 0.5)), micros(p(idle[i], 0.99)), micros(p(busy, 0.5)), micros(p(busy, 0.99)),
                    (double) p(busy, 0.99) / p(idle[i], 0.99)));
        }
        busyTask.shutdown(2000);
        String busyQueue = stop(busyApp);
        home.close();

        List<String> codecs = new ArrayList<>();
        codecs.add("| codec | cold first round trip ms | warm round trip µs | bytes |");
        codecs.add("|---|---|---|---|");
        for (String kind : List.of("streaming-cbor", "databind-cbor", "databind-smile")) {
            List<String[]> runs = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                Process probe = forkMain(classPath, "dev.backgroundtasks.actors.internal.CodecProbe", kind);
                runs.add(lastLine(probe).split("\t"));
            }
            runs.sort((a, b) -> Long.compare(Long.parseLong(a[1]), Long.parseLong(b[1])));
            String[] median = runs.get(1);
            codecs.add(String.format(Locale.ROOT, "| %s | %.1f | %.2f | %s |", kind, Long.parseLong(median[1]) / 1000.0,
                    Long.parseLong(median[2]) / 1000.0, median[3]));
        }

        System.out.println("## Round trips of `request` (" + rounds + " samples after " + warmup + " warm-up)\n");
        rows.forEach(System.out::println);
        System.out.println("\n## Cross-process, the application's main event loop 100% busy\n");
        busyRows.forEach(System.out::println);
        System.out.println("\nBackground thread queue delay in the application: idle run " + idleQueue + "; busy run "
                + busyQueue + ".\n");
        System.out.println("## Cold first `openToApplication` in a fresh task JVM (5 runs)\n");
        System.out.println("| run | JVM start to main ms | openToApplication ms | open to first reply ms | classes loaded by them |");
        System.out.println("|---|---|---|---|---|");
        for (int i = 0; i < cold.size(); i++) {
            System.out.println("| " + (i + 1) + " | " + cold.get(i).replace("\t", " | ") + " |");
        }
        System.out.println("\n## Codecs: one encode and decode of a 7-component record, fresh JVM (median of 3)\n");
        codecs.forEach(System.out::println);
    }

    private static String row(String figure, int size, long[] actors, long[] floor) {
        return String.format(Locale.ROOT, "| %s | %s | %.1f | %.1f | %.1f | %.1f | %.2f |", figure, label(size),
                micros(p(actors, 0.5)), micros(p(actors, 0.99)), micros(p(floor, 0.5)), micros(p(floor, 0.99)),
                (double) p(actors, 0.5) / p(floor, 0.5));
    }

    private static String label(int size) {
        return size >= 1024 ? size / 1024 + " KiB" : size + " B";
    }

    private static double micros(long nanos) {
        return nanos / 1000.0;
    }

    private static long p(long[] sorted, double fraction) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(sorted.length * fraction) - 1)];
    }

    /** One step after another on {@code home}: each step's time from its start to its completion, sorted. */
    private static long[] chain(EventLoop home, int warmup, int rounds, Step step) throws Exception {
        long[] samples = new long[rounds];
        CompletableFuture<long[]> done = new CompletableFuture<>();
        home.execute(new Runnable() {
            int index;
            long start;

            @Override
            public void run() {
                if (index > 0) {
                    int sample = index - 1 - warmup;
                    if (sample >= 0) {
                        samples[sample] = System.nanoTime() - start;
                    }
                }
                if (index == warmup + rounds) {
                    done.complete(samples);
                    return;
                }
                index++;
                start = System.nanoTime();
                step.run(this);
            }
        });
        long[] result = done.get(10, TimeUnit.MINUTES);
        Arrays.sort(result);
        return result;
    }

    @FunctionalInterface
    private interface Step {
        void run(Runnable done);
    }

    // ------------------------------------------------------------------------ the forked processes

    private static Process fork(String classPath, String... args) throws IOException {
        return forkMain(classPath, ActorsBench.class.getName(), args);
    }

    private static Process forkMain(String classPath, String main, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classPath, main));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    private static void awaitLine(Process process, String line) throws IOException {
        BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        for (String read = reader.readLine(); read != null; read = reader.readLine()) {
            if (read.equals(line)) {
                return;
            }
        }
        throw new IOException("the process ended before " + line);
    }

    private static String lastLine(Process process) throws Exception {
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        process.waitFor(60, TimeUnit.SECONDS);
        return output.substring(output.lastIndexOf('\n') + 1);
    }

    /** Closes the application's stdin (an orderly end) and returns what it printed last (its queue delay). */
    private static String stop(Process application) throws Exception {
        application.getOutputStream().close();
        return lastLine(application);
    }

    /** The application: serves the bench protocol; with {@code busy}, its main event loop never rests. */
    private static void application(Path runtimeDirectory, boolean busy) throws Exception {
        LocalBackground application = LocalBackground.create(LocalBackground.Options.defaults()
                .runtimeDirectory(runtimeDirectory).application(true));
        application.addFactory(new PingFactory());
        application.listen();
        EventLoop main = EventLoop.start("main");
        if (busy) {
            main.execute(new Runnable() {
                long sink;

                @Override
                public void run() {
                    long end = System.nanoTime() + 10_000_000;
                    while (System.nanoTime() < end) {
                        sink += System.nanoTime() % 7;
                    }
                    try {
                        main.execute(this); // CPU work, one 10 ms task after another, until the end
                    } catch (java.util.concurrent.RejectedExecutionException closed) {
                        // the end
                    }
                }
            });
        }
        System.out.println("READY");
        System.out.flush();
        while (System.in.read() >= 0) {
            // until the driver closes stdin
        }
        String queueDelay = application.queueDelay();
        main.close();
        application.shutdown(2000);
        System.out.println(queueDelay);
    }

    /** A raw echo over a Unix domain socket: the floor of any cross-process round trip. */
    private static void echoServer(Path socket) throws IOException {
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
            System.out.println("READY");
            System.out.flush();
            ByteBuffer length = ByteBuffer.allocate(4);
            ByteBuffer body = ByteBuffer.allocate(1 << 20);
            while (true) { // one client after another
                try (SocketChannel channel = server.accept()) {
                    while (true) {
                        length.clear();
                        if (!readFully(channel, length)) {
                            break;
                        }
                        body.clear().limit(length.getInt(0));
                        if (!readFully(channel, body)) {
                            break;
                        }
                        length.flip();
                        body.flip();
                        channel.write(new ByteBuffer[] {length, body});
                    }
                }
            }
        }
    }

    private static long[] pingPong(Path socket, int size, int warmup, int rounds) throws IOException {
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(socket));
            ByteBuffer frame = ByteBuffer.allocate(4 + size).putInt(size);
            ByteBuffer back = ByteBuffer.allocate(4 + size);
            long[] samples = new long[rounds];
            for (int i = 0; i < warmup + rounds; i++) {
                long start = System.nanoTime();
                frame.clear();
                while (frame.hasRemaining()) {
                    channel.write(frame);
                }
                back.clear();
                readFully(channel, back);
                if (i >= warmup) {
                    samples[i - warmup] = System.nanoTime() - start;
                }
            }
            Arrays.sort(samples);
            return samples;
        }
    }

    private static boolean readFully(SocketChannel channel, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            if (channel.read(buffer) < 0) {
                return false;
            }
        }
        return true;
    }

    /** A fresh task process: what the first openToApplication costs it, class loading included. */
    private static void coldTask(Path runtimeDirectory) throws Exception {
        long started = java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime();
        long mainAt = System.currentTimeMillis();
        EventLoop loop = EventLoop.start("task");
        Background background = LocalBackground.create(LocalBackground.Options.defaults()
                .runtimeDirectory(runtimeDirectory));
        long classesBefore = java.lang.management.ManagementFactory.getClassLoadingMXBean().getTotalLoadedClassCount();
        long t0 = System.nanoTime();
        ChildActor<BenchProtocol.Up, BenchProtocol.Down> child = loop.scheduler()
                .postTask(() -> background.openToApplication(BenchProtocol.PROTOCOL, m -> { }))
                .get(60, TimeUnit.SECONDS);
        long opened = System.nanoTime();
        child.request(BenchProtocol.ping(100)).toCompletableFuture().get(60, TimeUnit.SECONDS);
        long replied = System.nanoTime();
        long classes = java.lang.management.ManagementFactory.getClassLoadingMXBean().getTotalLoadedClassCount()
                - classesBefore;
        ((LocalBackground) background).shutdown(2000);
        System.out.printf(Locale.ROOT, "%d\t%.1f\t%.1f\t%d%n", mainAt - started, (opened - t0) / 1e6,
                (replied - t0) / 1e6, classes);
        System.exit(0);
    }

    /** Replies with the request itself, at once, on the background thread. */
    static final class PingFactory implements ActorFactory<BenchProtocol.Up, BenchProtocol.Down> {
        @Override
        public Protocol<BenchProtocol.Up, BenchProtocol.Down> protocol() {
            return BenchProtocol.PROTOCOL;
        }

        @Override
        public ParentActor<BenchProtocol.Up, BenchProtocol.Down> create(ChildLink<BenchProtocol.Down> child) {
            return message -> CompletableFuture.completedFuture(message);
        }
    }
}
