package dev.backgroundtasks.scheduler;

/** A loop on its own daemon thread, on the JVM's monotonic clock. */
final class RealTimeEventLoop extends EventLoop {
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
                if (!core.runOne()) {
                    core.park(core.nextDueMoment());
                }
            }
        } finally {
            core.discardPending();
        }
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
