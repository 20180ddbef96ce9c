package dev.backgroundtasks.scheduler;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * What every thread reads when it hands work to a loop: set once (or, for {@link #parkedThread}, only
 * when the loop runs dry), so that its cache line stays shared between the posting threads and the
 * loop's thread. The loop's own, constantly written state lives in {@link EventLoopCore}, past
 * {@link EventLoopEntrancePadding}.
 */
abstract class EventLoopEntrance {
    private static final VarHandle PARKED;

    static {
        try {
            PARKED = MethodHandles.lookup().findVarHandle(EventLoopEntrance.class, "parkedThread", Thread.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final LongSupplier clock;
    final long starvationGuardNanos;
    final Inbox inbox = new Inbox();
    final AtomicInteger idleCallbackIdentifier = new AtomicInteger();

    volatile boolean closed;
    /** The thread running the loop's work now (a real-time loop's own thread, a manual loop's driver). */
    volatile Thread drivingThread;
    /** Set by a real-time loop's thread while it parks; whoever delivers work unparks it. */
    volatile Thread parkedThread;

    EventLoopEntrance(LongSupplier clock, long starvationGuardNanos) {
        this.clock = clock;
        this.starvationGuardNanos = starvationGuardNanos;
    }

    /** Hands an arrival to the loop and wakes its thread if it sleeps. */
    final void deliver(Arrival arrival) {
        inbox.push(arrival);
        wake();
    }

    final void wake() {
        Thread parked = parkedThread;
        if (parked != null && PARKED.compareAndSet(this, parked, null)) {
            LockSupport.unpark(parked);
        }
    }
}
