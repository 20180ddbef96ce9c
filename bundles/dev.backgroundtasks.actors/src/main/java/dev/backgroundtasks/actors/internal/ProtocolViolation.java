package dev.backgroundtasks.actors.internal;

/** What a peer sent breaks the protocol: the connection is cut. */
final class ProtocolViolation extends Exception {
    private static final long serialVersionUID = 1L;

    ProtocolViolation(String message) {
        super(message, null, false, false);
    }
}
