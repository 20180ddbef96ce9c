package dev.backgroundtasks.actors;

import org.osgi.annotation.versioning.ProviderType;

/**
 * What a parent actor holds of its child. May be called from any thread; messages sent from the
 * background thread keep their order.
 *
 * @param <C> the protocol's messages to the child
 */
@ProviderType
public interface ChildLink<C> {
    /**
     * Sends a message to the child; never blocks. False, and nothing sent, once the pair is destroyed or
     * while the pair's pending queue is full (the child's side does not keep up, see {@code docs/actors.md}).
     *
     * @throws IllegalArgumentException when {@code message} is not one of the protocol's messages to the
     *     child, or cannot be encoded (a null key, a frame over 1 MiB)
     */
    boolean send(C message);

    /** Ends the pair: {@code DELETION} on both sides, after the messages already sent. A second call does nothing. */
    void close();

    /** Whether the child lives in another process (it came over the socket). */
    boolean isOtherProcess();
}
