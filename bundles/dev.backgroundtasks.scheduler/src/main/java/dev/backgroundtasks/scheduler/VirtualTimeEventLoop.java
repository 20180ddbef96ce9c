package dev.backgroundtasks.scheduler;

import java.util.concurrent.locks.ReentrantLock;

/** A {@link ManualEventLoop}: the shared loop algorithm on a virtual clock, run by the calling thread. */
final class VirtualTimeEventLoop extends ManualEventLoop {
    private volatile long nowNanos;
    private final EventLoopCore core;
    /** Held while a thread drives the loop: drivers take turns, and a re-entrant drive is refused. */
    private final ReentrantLock driving = new ReentrantLock();

    VirtualTimeEventLoop(EventLoopOptions options) {
        this.core = new EventLoopCore(() -> nowNanos, options);
    }

    @Override
    public void runUntilIdle() {
        EventLoop previous = enterDrive();
        try {
            core.runUntilIdle();
        } finally {
            exitDrive(previous);
        }
    }

    @Override
    public void advance(long millis) {
        if (millis < 0) {
            throw new IllegalArgumentException("negative advance: " + millis);
        }
        EventLoop previous = enterDrive();
        try {
            long target = EventLoopCore.saturatedAdd(nowNanos, EventLoopCore.millisToNanos(millis));
            core.runUntilIdle();
            while (!core.isClosed()) {
                long next = core.nextDueMoment();
                if (next > target || next <= nowNanos) {
                    break;
                }
                nowNanos = next;
                core.runUntilIdle();
            }
            if (nowNanos < target) {
                nowNanos = target;
                core.runUntilIdle();
            }
        } finally {
            exitDrive(previous);
        }
    }

    @Override
    public void busy(long millis) {
        if (!driving.isHeldByCurrentThread() || !core.isRunningWork()) {
            throw new IllegalStateException("busy() is only for work running on this loop");
        }
        if (millis < 0) {
            throw new IllegalArgumentException("negative busy time: " + millis);
        }
        nowNanos = EventLoopCore.saturatedAdd(nowNanos, EventLoopCore.millisToNanos(millis));
        core.timePassed();
    }

    private EventLoop enterDrive() {
        if (driving.isHeldByCurrentThread()) {
            throw new IllegalStateException("runUntilIdle() and advance() cannot be called from the loop's own work");
        }
        driving.lock();
        core.drivenBy(Thread.currentThread());
        return EventLoop.enterCurrent(this);
    }

    private void exitDrive(EventLoop previous) {
        EventLoop.restoreCurrent(previous);
        core.drivenBy(null);
        if (core.isClosed()) {
            core.discardPending();
        }
        driving.unlock();
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
        return nowNanos / 1_000_000;
    }

    @Override
    public void close() {
        core.close();
        // nobody drives it: let pending work go now; else the driver does when it stops
        if (!driving.isHeldByCurrentThread() && driving.tryLock()) {
            try {
                core.discardPending();
            } finally {
                driving.unlock();
            }
        }
    }

    @Override
    public String toString() {
        return "ManualEventLoop[now=" + nowMillis() + "ms" + (core.isClosed() ? ", closed" : "") + "]";
    }
}
