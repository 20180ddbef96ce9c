package dev.backgroundtasks.scheduler;

import org.osgi.annotation.versioning.ProviderType;

/** What an idle callback is told about the idle period it runs in (requestIdleCallback's IdleDeadline). */
@ProviderType
public interface IdleDeadline {
    /**
     * Milliseconds left before the idle period's deadline, never negative and at most 50. Computed at
     * each call: a timer scheduled during the callback can shorten it. Always 0 for a callback run by
     * its timeout.
     */
    double timeRemaining();

    /** Whether the callback runs because its timeout expired rather than in an idle period. */
    boolean didTimeout();
}
