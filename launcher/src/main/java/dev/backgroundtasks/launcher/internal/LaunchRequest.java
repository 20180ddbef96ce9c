package dev.backgroundtasks.launcher.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What the launcher's command line asks for (contract section 3). */
record LaunchRequest(
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

    LaunchRequest(Action action, String taskName, List<String> taskArguments, boolean attachConsole, String profile,
            Map<String, String> prefs, boolean detach, boolean testShouldNotProcessUpdates, Integer debuggerPort,
            boolean waitForDebugger) {
        this(action, taskName, taskArguments, attachConsole, profile, prefs, detach, testShouldNotProcessUpdates,
                debuggerPort, waitForDebugger, false);
    }

    enum Action { RUN_TASK, NORMAL, HELP, VERSION, LIST_TASKS }

    LaunchRequest {
        taskArguments = List.copyOf(taskArguments);
        prefs = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(prefs));
    }

    boolean debugger() {
        return debuggerPort != null || waitForDebugger;
    }
}
