package dev.backgroundtasks.scheduler;

import org.osgi.annotation.versioning.ConsumerType;

/** Work to do when the event loop is idle, given to {@link Scheduler#requestIdleCallback}. */
@ConsumerType
@FunctionalInterface
public interface IdleRequestCallback {
    /**
     * Does a piece of low-priority work, ideally returning before {@code deadline.timeRemaining()} is 0.
     * An exception goes to the uncaught-exception handler of the thread running the loop.
     */
    void run(IdleDeadline deadline) throws Exception;
}
