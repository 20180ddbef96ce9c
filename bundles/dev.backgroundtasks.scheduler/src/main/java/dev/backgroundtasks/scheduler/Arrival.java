package dev.backgroundtasks.scheduler;

/**
 * Something handed to a loop from any thread: a task, a timer, an idle request, a cancellation or a
 * priority change. It travels through the loop's {@link Inbox}, and the loop's thread applies it, so
 * that the queues themselves need no lock.
 */
abstract class Arrival {
    /** The inbox link: written once by the producer that pushes this arrival, read by the loop. */
    volatile Arrival inboxNext;

    /** Applies this arrival to the loop's structures, on the loop's thread. */
    abstract void arrive(EventLoopCore core);

    /** Lets go of what a closed loop will never run (abort steps registered on signals). */
    void discard() {
    }
}
