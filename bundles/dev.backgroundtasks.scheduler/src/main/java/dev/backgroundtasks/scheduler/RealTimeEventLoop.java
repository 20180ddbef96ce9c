package dev.backgroundtasks.scheduler;

import java.util.function.LongSupplier;

/** A loop on its own daemon thread, on the JVM's monotonic clock. */
final class RealTimeEventLoop extends EventLoop {
    /** About 10 µs of spinning on current x86 processors. */
    private static final int SPINS_BEFORE_PARKING = 256;

    private final Thread thread;

    private RealTimeEventLoop(String threadName, EventLoopOptions options) {
        super(new EventLoopCore(clockFrom(System.nanoTime()), options));
        this.thread = new Thread(this::run, threadName);
        thread.setDaemon(true);
    }

    /** The JVM's monotonic clock, 0 at {@code origin}. */
    private static LongSupplier clockFrom(long origin) {
        return () -> System.nanoTime() - origin;
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
    public void close() {
        core.close();
    }

    @Override
    public String toString() {
        return "EventLoop[" + thread.getName() + (core.isClosed() ? ", closed" : "") + "]";
    }
}
