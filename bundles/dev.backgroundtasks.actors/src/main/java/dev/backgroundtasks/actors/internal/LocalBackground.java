package dev.backgroundtasks.actors.internal;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import dev.backgroundtasks.actors.ActorFactory;
import dev.backgroundtasks.actors.Background;
import dev.backgroundtasks.actors.ChildActor;
import dev.backgroundtasks.actors.ChildHandler;
import dev.backgroundtasks.actors.DestroyReason;
import dev.backgroundtasks.actors.Protocol;
import dev.backgroundtasks.scheduler.EventLoop;

/**
 * One process's actors: its background thread (started at the first use), the factories it serves,
 * its connection to the application (as a client), and in the application its listening endpoint. The
 * same class on a plain class path ({@link Background#start}) and behind the framework's service.
 */
public final class LocalBackground implements Background {
    /** How a {@link LocalBackground} is set up; immutable. */
    public static final class Options {
        final Path runtimeDirectory;
        final boolean application;
        final boolean encodeInProcess;
        final long slowHandlerMillis;
        final PrintStream reports;

        private Options(Path runtimeDirectory, boolean application, boolean encodeInProcess, long slowHandlerMillis,
                PrintStream reports) {
            this.runtimeDirectory = runtimeDirectory;
            this.application = application;
            this.encodeInProcess = encodeInProcess;
            this.slowHandlerMillis = slowHandlerMillis;
            this.reports = reports;
        }

        /**
         * In-process only, slow handlers at 50 ms, reports on stderr; the system property
         * {@code dev.backgroundtasks.actors.encodeInProcess=true} turns the test switch on.
         */
        public static Options defaults() {
            return new Options(null, false, Boolean.getBoolean("dev.backgroundtasks.actors.encodeInProcess"), 50,
                    CurrentStderr.INSTANCE);
        }

        /** Where {@code background.sock} is: the installation's per-user runtime directory. */
        public Options runtimeDirectory(Path directory) {
            return new Options(directory, application, encodeInProcess, slowHandlerMillis, reports);
        }

        /** This process is the application (normal mode): {@code openToApplication} stays in process. */
        public Options application(boolean isApplication) {
            return new Options(runtimeDirectory, isApplication, encodeInProcess, slowHandlerMillis, reports);
        }

        /** The test switch: every in-process message and reply is encoded and decoded as on the socket. */
        public Options encodeInProcess(boolean encode) {
            return new Options(runtimeDirectory, application, encode, slowHandlerMillis, reports);
        }

        public Options slowHandlerMillis(long millis) {
            if (millis < 0) {
                throw new IllegalArgumentException("negative slowHandlerMillis " + millis);
            }
            return new Options(runtimeDirectory, application, encodeInProcess, millis, reports);
        }

        public Options reports(PrintStream stream) {
            return new Options(runtimeDirectory, application, encodeInProcess, slowHandlerMillis,
                    Objects.requireNonNull(stream, "stream"));
        }
    }

    private final Options options;
    private final Factories factories;
    /** Parents alive on the background thread; touched there only. */
    private final Set<ParentSide> parents = new HashSet<>();
    private BackgroundThread thread;
    private ApplicationClient client;
    private ApplicationEndpoint endpoint;
    private volatile boolean closed;

    private LocalBackground(Options options) {
        this.options = options;
        this.factories = new Factories(options.reports);
    }

    public static LocalBackground create(Options options) {
        return new LocalBackground(Objects.requireNonNull(options, "options"));
    }

    /** {@link Background#start}: a background thread of its own for these factories, in process only. */
    public static Background start(List<? extends ActorFactory<?, ?>> factories) {
        LocalBackground background = new LocalBackground(Options.defaults());
        for (ActorFactory<?, ?> factory : List.copyOf(factories)) {
            background.addFactory(factory);
        }
        return background;
    }

    public void addFactory(ActorFactory<?, ?> factory) {
        factories.add(Objects.requireNonNull(factory, "factory"));
    }

    /** A whiteboard factory, known by {@code key} until a lookup fetches it from {@code supplier}. */
    public void addFactory(Object key, java.util.function.Supplier<ActorFactory<?, ?>> supplier) {
        factories.add(Objects.requireNonNull(key, "key"), Objects.requireNonNull(supplier, "supplier"));
    }

    /**
     * Removes a factory given to {@link #addFactory} (or its key): its live pairs end with
     * NORMAL_SHUTDOWN, since what serves them went away in order.
     */
    public void removeFactory(Object factoryOrKey) {
        ActorFactory<?, ?> active = factories.remove(factoryOrKey);
        if (active == null) {
            return;
        }
        BackgroundThread running;
        synchronized (this) {
            running = thread;
        }
        if (running != null) {
            running.run(() -> {
                for (ParentSide parent : new ArrayList<>(parents)) {
                    if (parent.factory() == active) {
                        parent.endHere(DestroyReason.NORMAL_SHUTDOWN);
                    }
                }
            });
        }
    }

    /**
     * Normal mode: listens on {@code background.sock} in the runtime directory.
     *
     * @throws IOException when another application listens there or the socket cannot be made
     */
    public synchronized ApplicationEndpoint listen() throws IOException {
        if (options.runtimeDirectory == null) {
            throw new IllegalStateException("no runtime directory");
        }
        if (endpoint == null) {
            thread();
            endpoint = ApplicationEndpoint.listen(options.runtimeDirectory, this);
        }
        return endpoint;
    }

    // --------------------------------------------------------------------------------- Background

    @Override
    public <P, C> ChildActor<P, C> open(Protocol<P, C> protocol, ChildHandler<C> handler) {
        return open(protocol, handler, currentLoop());
    }

    @Override
    public <P, C> ChildActor<P, C> open(Protocol<P, C> protocol, ChildHandler<C> handler, Executor home) {
        ChildSide<P, C> child = child(protocol, handler, home);
        Factories.Entry entry = closed ? null : factories.find(child.schema.name());
        if (entry == null) {
            return failed(child, DestroyReason.FAILED_CONSTRUCTOR);
        }
        boolean sameClasses = entry.schema().toParent() == child.schema.toParent()
                && entry.schema().toChild() == child.schema.toChild();
        if (!sameClasses && entry.schema().fingerprint() != child.schema.fingerprint()) {
            options.reports.println("backgroundtasks: protocol '" + child.schema.name() + "' is served here with "
                    + "another declaration than the one opened (different records or types)");
            return failed(child, DestroyReason.FAILED_CONSTRUCTOR);
        }
        BackgroundThread running = thread();
        InProcessPair pair = new InProcessPair(running, child, entry.schema(),
                !sameClasses || options.encodeInProcess);
        ParentSide parent = new ParentSide(entry.schema(), entry.factory(), pair, running, parents, options.reports, 0);
        pair.parent(parent);
        child.link(pair);
        try {
            running.execute(parent::create);
        } catch (RejectedExecutionException shutDown) {
            child.end(DestroyReason.NORMAL_SHUTDOWN);
        }
        return child;
    }

    @Override
    public <P, C> ChildActor<P, C> openToApplication(Protocol<P, C> protocol, ChildHandler<C> handler) {
        return openToApplication(protocol, handler, currentLoop());
    }

    @Override
    public <P, C> ChildActor<P, C> openToApplication(Protocol<P, C> protocol, ChildHandler<C> handler,
            Executor home) {
        if (options.application) {
            return open(protocol, handler, home);
        }
        ChildSide<P, C> child = child(protocol, handler, home);
        ApplicationClient connection = client();
        if (connection == null) {
            return failed(child, DestroyReason.FAILED_CONSTRUCTOR);
        }
        connection.open(child);
        return child;
    }

    @Override
    public boolean isApplicationRunning() {
        if (options.application) {
            return !closed;
        }
        return client() != null;
    }

    private static Executor currentLoop() {
        return EventLoop.current().orElseThrow(() -> new IllegalStateException("open without a home executor "
                + "must be called on an EventLoop's thread (EventLoop.current() is empty here); pass an Executor"));
    }

    private static <P, C> ChildSide<P, C> child(Protocol<P, C> protocol, ChildHandler<C> handler, Executor home) {
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(handler, "handler");
        Objects.requireNonNull(home, "home");
        return new ChildSide<>(ProtocolSchema.of(protocol), handler, home);
    }

    private static <P, C> ChildSide<P, C> failed(ChildSide<P, C> child, DestroyReason reason) {
        child.link(Unconnected.INSTANCE);
        child.end(reason);
        return child;
    }

    /** The connection to the application, opened now if there is none; null when no application answers. */
    private synchronized ApplicationClient client() {
        if (closed || options.runtimeDirectory == null) {
            return null;
        }
        if (client != null && !client.isEnded()) {
            return client;
        }
        client = null;
        try {
            client = ApplicationClient.connect(options.runtimeDirectory, options.reports);
        } catch (IOException | SecurityException e) {
            return null; // no application: no socket, a stale one, or not this user's
        }
        return client;
    }

    // ------------------------------------------------------------------------------------ lifecycle

    /**
     * Ends in order within {@code budgetMillis}: the socket stops accepting and is removed, every live
     * pair on either side ends with NORMAL_SHUTDOWN (its close frames written first, so a pair's close
     * reaches the other side before this process exits), then the background thread stops.
     */
    public void shutdown(long budgetMillis) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(Math.max(0, budgetMillis));
        BackgroundThread running;
        ApplicationClient connection;
        ApplicationEndpoint listening;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            running = thread;
            connection = client;
            listening = endpoint;
        }
        if (listening != null) {
            listening.stopAccepting();
        }
        if (running != null) {
            running.closing();
            await(running, () -> {
                for (ParentSide parent : new ArrayList<>(parents)) {
                    parent.endHere(DestroyReason.NORMAL_SHUTDOWN);
                }
            }, deadline);
        }
        if (connection != null) {
            connection.shutdown(deadline);
        }
        if (listening != null) {
            listening.shutdown(deadline);
        }
        if (running != null) {
            await(running, () -> { }, deadline);
            running.close();
        }
    }

    private static void await(BackgroundThread running, Runnable work, long deadline) {
        CountDownLatch done = new CountDownLatch(1);
        try {
            running.execute(() -> {
                try {
                    work.run();
                } finally {
                    done.countDown();
                }
            });
            done.await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            // closed already
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ------------------------------------------------------------------------------- for the package

    synchronized BackgroundThread thread() {
        if (thread == null) {
            thread = new BackgroundThread(options.slowHandlerMillis, options.reports);
            if (closed) {
                thread.closing();
            }
        }
        return thread;
    }

    Factories factories() {
        return factories;
    }

    Set<ParentSide> parents() {
        return parents;
    }

    PrintStream reports() {
        return options.reports;
    }

    boolean isClosed() {
        return closed;
    }

    /** The background thread's queue-delay figure; empty before the thread started. */
    public String queueDelay() {
        BackgroundThread running;
        synchronized (this) {
            running = thread;
        }
        return running == null ? "not started" : running.queueDelay().toString();
    }

    /** Queue delay at that fraction in nanoseconds (0 before the thread started). */
    public long queueDelayNanos(double fraction) {
        BackgroundThread running;
        synchronized (this) {
            running = thread;
        }
        return running == null ? 0 : running.queueDelay().percentileNanos(fraction);
    }

    @Override
    public String toString() {
        return "Background[" + (options.application ? "application" : "process")
                + (options.runtimeDirectory == null ? "" : ", " + options.runtimeDirectory) + (closed ? ", closed" : "")
                + "]";
    }

    /** The uplink of a child that never reached a parent. */
    private enum Unconnected implements Uplink {
        INSTANCE;

        @Override
        public boolean message(ChildSide<?, ?> child, MessageType type, Object message) {
            return false;
        }

        @Override
        public boolean request(ChildSide<?, ?> child, long request, MessageType type, Object message) {
            return false;
        }

        @Override
        public void close(ChildSide<?, ?> child) {
            // nothing to tell
        }
    }
}
