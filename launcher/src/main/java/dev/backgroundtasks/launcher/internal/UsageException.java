package dev.backgroundtasks.launcher.internal;

/** A bad launcher command line: exit 7 with the message. */
final class UsageException extends Exception {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
        super(message);
    }
}
