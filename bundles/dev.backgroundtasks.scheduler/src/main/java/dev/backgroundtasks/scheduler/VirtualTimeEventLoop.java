package dev.backgroundtasks.scheduler;

import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/** A {@link ManualEventLoop}: the shared loop algorithm on a virtual clock, run by the calling thread. */
final class VirtualTimeEventLoop extends ManualEventLoop {
    /** The virtual clock the core reads. */
    private final VirtualClock clock;
    /** Held while a thread drives the loop: drivers take turns, and a re-entrant drive is refused. */
    private final ReentrantLock driving = new ReentrantLock();

    VirtualTimeEventLoop(EventLoopOptions options) {
        this(new VirtualClock(), options);
    }

    private VirtualTimeEventLoop(VirtualClock clock, EventLoopOptions options) {
        super(new EventLoopCore(clock, options));
        this.clock = clock;
    }

    /** Virtual nanoseconds, moved only by {@link #advance} and {@link #busy}. */
    private static final class VirtualClock implements LongSupplier {
        volatile long nowNanos;

        @Override
        public long getAsLong() {
            return nowNanos;
        }
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
            long target = EventLoopCore.saturatedAdd(clock.nowNanos, EventLoopCore.millisToNanos(millis));
            core.runUntilIdle();
            while (!core.isClosed()) {
                long next = core.nextDueMoment();
                if (next > target || next <= clock.nowNanos) {
                    break;
                }
                clock.nowNanos = next;
                core.runUntilIdle();
            }
            if (clock.nowNanos < target) {
                clock.nowNanos = target;
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
        clock.nowNanos = EventLoopCore.saturatedAdd(clock.nowNanos, EventLoopCore.millisToNanos(millis));
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
