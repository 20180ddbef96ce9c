package dev.backgroundtasks.actors;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * The parent side of a protocol, registered as a whiteboard service (or given to
 * {@link Background#start}). One factory serves a protocol name per process; the first registered wins.
 *
 * @param <P> the protocol's messages to the parent
 * @param <C> the protocol's messages to the child
 */
@ConsumerType
public interface ActorFactory<P, C> {
    /** The protocol served; the same object at every call. */
    Protocol<P, C> protocol();

    /**
     * Makes the parent of one newly opened child, on the background thread. A throw (or null) ends the
     * pair with {@link DestroyReason#FAILED_CONSTRUCTOR} and is reported on stderr.
     */
    ParentActor<P, C> create(ChildLink<C> child);
}
