package dev.backgroundtasks.actors.internal;

import java.io.OutputStream;
import java.io.PrintStream;

/**
 * {@code System.err} as it is when a report is printed, not as it was when the actors started: the
 * launcher may swap it (a no-output task), and a report must follow.
 */
final class CurrentStderr extends PrintStream {
    static final CurrentStderr INSTANCE = new CurrentStderr();

    private CurrentStderr() {
        super(OutputStream.nullOutputStream());
    }

    @Override
    public void println(String line) {
        System.err.println(line);
    }

    @Override
    public void println(Object line) {
        System.err.println(line);
    }

    @Override
    public void print(String text) {
        System.err.print(text);
    }

    @Override
    public void println() {
        System.err.println();
    }
}
