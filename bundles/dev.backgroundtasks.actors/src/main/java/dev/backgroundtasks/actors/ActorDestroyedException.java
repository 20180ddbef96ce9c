package dev.backgroundtasks.actors;

import java.util.Objects;
import java.util.concurrent.CancellationException;

/** How a request fails when its pair is destroyed before the reply arrives; {@link #reason()} is the pair's. */
public class ActorDestroyedException extends CancellationException {
    private static final long serialVersionUID = 1L;

    private final DestroyReason reason;

    public ActorDestroyedException(DestroyReason reason) {
        super("actor destroyed: " + Objects.requireNonNull(reason, "reason"));
        this.reason = reason;
    }

    /** Why the pair ended. */
    public DestroyReason reason() {
        return reason;
    }
}
