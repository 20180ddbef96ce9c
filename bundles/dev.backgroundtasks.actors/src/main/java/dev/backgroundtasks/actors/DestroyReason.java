package dev.backgroundtasks.actors;

/** Why an actor pair ended, as both of its sides see it (IPDL's {@code ActorDestroyReason}). */
public enum DestroyReason {
    /** Either side called {@code close()}. */
    DELETION,
    /** The process on either side of the connection shut down in order (or the parent's factory went away). */
    NORMAL_SHUTDOWN,
    /** The other side's process died, or the connection broke. */
    ABNORMAL_SHUTDOWN,
    /** A message broke the protocol; the connection was cut, with every pair on it. */
    PROTOCOL_ERROR,
    /** Nothing serves this protocol there, or no application is running. */
    FAILED_CONSTRUCTOR
}
