package dev.backgroundtasks.scheduler;

/** Keeps the producers' {@code tail} off the cache line of the consumer's {@code head}. */
abstract class InboxHeadPadding extends InboxHead {
    long p00, p01, p02, p03, p04, p05, p06, p07, p08, p09, p10, p11, p12, p13, p14, p15;
}
