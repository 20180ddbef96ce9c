package dev.backgroundtasks.launcher.internal.run;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import dev.backgroundtasks.launcher.internal.output.Console;

/** A console whose lines a test reads back. */
final class TestConsole {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    final Console console = new Console(new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));

    TestConsole() {
        console.release(false);
    }

    /** What reached stderr so far (the console's lines pass through a bounded writer thread: flushed here). */
    String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    String out() {
        return out.toString(StandardCharsets.UTF_8);
    }
}
