package dev.backgroundtasks.scheduler;

/** A loop on its own daemon thread, on the JVM's monotonic clock. */
final class RealTimeEventLoop extends EventLoop {
    /** About 10 µs of spinning on current x86 processors. */
    private static final int SPINS_BEFORE_PARKING = 256;

    private final long origin = System.nanoTime();
    private final EventLoopCore core;
    private final Thread thread;

    private RealTimeEventLoop(String threadName, EventLoopOptions options) {
        this.core = new EventLoopCore(() -> System.nanoTime() - origin, options);
        this.thread = new Thread(this::run, threadName);
        thread.setDaemon(true);
    }

    static RealTimeEventLoop launch(String threadName, EventLoopOptions options) {
        RealTimeEventLoop loop = new RealTimeEventLoop(threadName, options);
        loop.thread.start();
        return loop;
    }

    private void run() {
        EventLoop.enterCurrent(this);
        core.drivenBy(thread);
        try {
            while (!core.isClosed()) {
                // like a pool worker: an interrupt meant for one task does not leak into the next
                Thread.interrupted();
                if (!core.runOne() && !spinForArrivals()) {
                    core.park(core.nextDueMoment());
                }
            }
        } finally {
            core.discardPending();
        }
    }

    /**
     * Work often arrives just after the loop ran dry (a producer posting a stream of tasks): a short
     * spin catches it without a park and unpark round trip, which costs microseconds each way.
     */
    private boolean spinForArrivals() {
        for (int spin = 0; spin < SPINS_BEFORE_PARKING; spin++) {
            if (core.hasArrivals()) {
                return true;
            }
            Thread.onSpinWait();
        }
        return false;
    }

    @Override
    public Scheduler scheduler() {
        return core;
    }

    @Override
    public void execute(Runnable task) {
        core.execute(task);
    }

    @Override
    public Cancellable schedule(Runnable task, long delayMillis) {
        return core.schedule(task, delayMillis);
    }

    @Override
    public long nowMillis() {
        return core.nanos() / 1_000_000;
    }

    @Override
    public void close() {
        core.close();
    }

    @Override
    public String toString() {
        return "EventLoop[" + thread.getName() + (core.isClosed() ? ", closed" : "") + "]";
    }
}
