package dev.backgroundtasks.scheduler;

import java.util.function.LongSupplier;

/** Keeps the loop thread's fields of {@link EventLoopCore} off the cache line of {@link EventLoopEntrance}. */
abstract class EventLoopEntrancePadding extends EventLoopEntrance {
    // 128 bytes: a cache line, or two adjacent ones that the processor prefetches together
    long p00, p01, p02, p03, p04, p05, p06, p07, p08, p09, p10, p11, p12, p13, p14, p15;

    EventLoopEntrancePadding(LongSupplier clock, long starvationGuardNanos) {
        super(clock, starvationGuardNanos);
    }
}
