package dev.backgroundtasks.launcher.internal.run;

import java.io.InputStream;
import java.io.PrintStream;
import java.util.List;
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
 * @param switches the test and benchmark switches given as system properties, by name ({@link #SWITCHES})
 */
public record LaunchEnvironment(Supplier<Installation> installation, Map<String, String> env, InputStream in,
        PrintStream out, PrintStream err, Signals signals, boolean underDebugger, long startNanos,
        Map<String, String> switches) {
    /** The system properties that are switches: the run history's rotation size and its benchmark-only off. */
    public static final List<String> SWITCHES = List.of(RunHistory.MAX_BYTES_PROPERTY, RunHistory.OFF_PROPERTY);
    /** The switch only a warm host gives (no system property sets it): the run is recorded as warm. */
    public static final String WARM_SWITCH = RunHistory.WARM_SWITCH;

    /** The switches this JVM was given as system properties. */
    public static Map<String, String> systemSwitches() {
        Map<String, String> switches = new java.util.HashMap<>();
        for (String name : SWITCHES) {
            String value = System.getProperty(name);
            if (value != null) {
                switches.put(name, value);
            }
        }
        return switches;
    }
}
