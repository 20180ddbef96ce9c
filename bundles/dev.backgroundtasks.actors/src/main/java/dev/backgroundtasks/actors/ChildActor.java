package dev.backgroundtasks.actors;

import java.util.concurrent.CompletionStage;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The child's side of an actor pair, returned by {@link Background#open} and
 * {@link Background#openToApplication}. May be called from any thread; the {@link ChildHandler}, the
 * stages of {@link #request} and {@link #destroyed} complete on the child's home executor.
 *
 * @param <P> the protocol's messages to the parent
 * @param <C> the protocol's messages to the child
 */
@ProviderType
public interface ChildActor<P, C> extends AutoCloseable {
    /**
     * Sends a message to the parent; never blocks. Messages sent before the parent exists wait for it.
     * False, and nothing sent, once the pair is destroyed, or while its pending queue is full (4096
     * messages in process, 8 MiB of frames on a connection; see {@code docs/actors.md}).
     *
     * @throws IllegalArgumentException when {@code message} is not one of the protocol's messages to the
     *     parent, or cannot be encoded for the socket (a null key, a frame over 1 MiB)
     */
    boolean send(P message);

    /**
     * Sends a request; the stage completes on home with the parent's reply. It fails with an
     * {@link ActorException} when the parent's {@code receive} threw or its stage failed, with an
     * {@link ActorDestroyedException} carrying the pair's reason when the pair ends first (at once when
     * it already has), and with a {@link java.util.concurrent.RejectedExecutionException} while the pending
     * queue is full.
     *
     * @throws IllegalArgumentException unless {@code message} is one of the protocol's messages to the
     *     parent, or when it cannot be encoded for the socket
     */
    <R> CompletionStage<R> request(Request<R> message);

    /** Completes exactly once, on home, with the reason the pair ended; after every message received before. */
    CompletionStage<DestroyReason> destroyed();

    /** Ends the pair: {@code DELETION} on both sides, after the messages already sent. A second call does nothing. */
    @Override
    void close();
}
