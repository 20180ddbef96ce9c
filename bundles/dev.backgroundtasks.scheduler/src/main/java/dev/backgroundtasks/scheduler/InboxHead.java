package dev.backgroundtasks.scheduler;

/** The consumer's end of the {@link Inbox}. */
abstract class InboxHead {
    /** The last arrival taken, or the initial stub; read and written by the consumer only. */
    Arrival head;
}
