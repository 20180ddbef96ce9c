package dev.backgroundtasks.launcher.internal.run;

import java.io.InputStream;
import java.io.PrintStream;
import java.util.Map;
import java.util.function.Supplier;

import dev.backgroundtasks.launcher.internal.files.Installation;
import dev.backgroundtasks.launcher.internal.process.Signals;

/**
 * What a launch is given from outside: {@code Main} passes the process's own, an in-process test its
 * own. The launcher's steps read no installation, environment, stream or signal handler but these.
 *
 * @param installation the installation, located when a step first needs it ({@code --help} needs none)
 * @param underDebugger this JVM is the child of {@code --debugger}: no timeout, no minimum runtime
 * @param startNanos when the JVM reached {@code main}, for the phase timings
 */
public record LaunchEnvironment(Supplier<Installation> installation, Map<String, String> env, InputStream in,
        PrintStream out, PrintStream err, Signals signals, boolean underDebugger, long startNanos) {
}
