package dev.backgroundtasks.actors;

/**
 * How a request fails when the parent's {@code receive} threw or its stage failed: the message says
 * which protocol, which message, and what was thrown. The pair lives on. Only the message crosses a
 * process boundary, never the exception object.
 */
public class ActorException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ActorException(String message) {
        super(message);
    }

    public ActorException(String message, Throwable cause) {
        super(message, cause);
    }
}
