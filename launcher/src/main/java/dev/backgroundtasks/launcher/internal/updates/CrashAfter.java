package dev.backgroundtasks.launcher.internal.updates;

import java.util.Map;
import java.util.function.IntConsumer;

import dev.backgroundtasks.launcher.internal.output.Console;

/**
 * A test hook, wired by {@code Main} only when its variable is set: halts the JVM after this many
 * operations of an update, to prove that the next start rolls the update forward.
 */
public final class CrashAfter implements Updates.Progress {
    public static final String VARIABLE = "BACKGROUNDTASKS_TEST_UPDATE_CRASH_AFTER";

    private final int operations;
    private final Console console;
    private final IntConsumer halt;

    CrashAfter(int operations, Console console, IntConsumer halt) {
        this.operations = operations;
        this.console = console;
        this.halt = halt;
    }

    /** The hook the environment asks for, or {@link Updates.Progress#NONE}. */
    public static Updates.Progress from(Map<String, String> env, Console console) {
        String value = env.get(VARIABLE);
        int after;
        try {
            after = value == null ? 0 : Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            after = 0;
        }
        return after > 0 ? new CrashAfter(after, console, Runtime.getRuntime()::halt) : Updates.Progress.NONE;
    }

    @Override
    public void applied(int done) {
        if (done >= operations) {
            console.failure("test hook " + VARIABLE + ": halting after " + done + " operations");
            halt.accept(99);
        }
    }
}
