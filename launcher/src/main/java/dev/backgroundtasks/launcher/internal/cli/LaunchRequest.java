package dev.backgroundtasks.launcher.internal.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What the launcher's command line asks for (docs/reference/command-line.md). */
public record LaunchRequest(
        Action action,
        String taskName,
        List<String> taskArguments,
        boolean attachConsole,
        String profile,
        Map<String, String> prefs,
        boolean detach,
        boolean testShouldNotProcessUpdates,
        Integer debuggerPort,
        boolean waitForDebugger,
        boolean argumentsFromStdin) {

    public LaunchRequest(Action action, String taskName, List<String> taskArguments, boolean attachConsole, String profile,
            Map<String, String> prefs, boolean detach, boolean testShouldNotProcessUpdates, Integer debuggerPort,
            boolean waitForDebugger) {
        this(action, taskName, taskArguments, attachConsole, profile, prefs, detach, testShouldNotProcessUpdates,
                debuggerPort, waitForDebugger, false);
    }

    public enum Action { RUN_TASK, NORMAL, HELP, VERSION, LIST_TASKS }

    public LaunchRequest {
        taskArguments = List.copyOf(taskArguments);
        prefs = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(prefs));
    }

    public boolean debugger() {
        return debuggerPort != null || waitForDebugger;
    }

    /**
     * A task run a warm host may take, and prepare for: no debugger, no detach, no arguments handed over on
     * stdin (the warm client, the host's acceptance and its preparation ask the same).
     */
    public boolean plainTaskRun() {
        return action == Action.RUN_TASK && !debugger() && !detach && !argumentsFromStdin;
    }
}
