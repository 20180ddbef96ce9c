package dev.backgroundtasks.launcher.internal.cli;

/** A bad launcher command line: exit 7 with the message. */
public final class UsageException extends Exception {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
        super(message);
    }
}
