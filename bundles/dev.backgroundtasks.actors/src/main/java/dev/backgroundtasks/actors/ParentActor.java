package dev.backgroundtasks.actors;

import java.util.concurrent.CompletionStage;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * The parent's side of an actor pair, made by an {@link ActorFactory} for each child opened. Every call
 * comes on the background thread, which runs parent actors and the actor machinery only: a
 * {@code receive} that takes longer than {@code toolkit.backgroundtasks.actors.slowHandlerMs} (50) is
 * reported on stderr. Blocking work belongs on another executor, completing the returned stage later.
 *
 * @param <P> the protocol's messages to the parent
 * @param <C> the protocol's messages to the child
 */
@ConsumerType
public interface ParentActor<P, C> {
    /**
     * Receives one message, in the order the child sent them. For a {@link Request} the stage's value is
     * the reply (null allowed); a throw or a failed stage fails that request at the child with an
     * {@link ActorException}. For any other message return null (or any stage: it is ignored).
     */
    CompletionStage<?> receive(P message) throws Exception;

    /** Called exactly once, on the background thread, when the pair ends; nothing is received afterwards. */
    default void destroyed(DestroyReason reason) {
    }
}
