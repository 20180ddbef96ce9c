package dev.backgroundtasks.actors;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * The child's side of a pair: receives what the parent sends, on the child's home executor, one message
 * at a time in the order they were sent. A throw is reported to the home thread's uncaught-exception
 * handler and the pair lives on.
 *
 * @param <C> the protocol's messages to the child
 */
@ConsumerType
@FunctionalInterface
public interface ChildHandler<C> {
    void receive(C message) throws Exception;
}
