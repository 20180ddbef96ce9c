package dev.backgroundtasks.launcher.internal.process;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import dev.backgroundtasks.api.ExitCode;

import dev.backgroundtasks.launcher.internal.cli.LaunchRequest;
import dev.backgroundtasks.launcher.internal.files.Installation;
import dev.backgroundtasks.launcher.internal.output.Console;

/**
 * {@code --debugger[=PORT]} and {@code --wait-for-debugger} (docs/reference/processes.md): the task runs in a
 * child JVM with JDWP listening on 127.0.0.1 only (JDWP prints the port it picked), with no timeout
 * and no minimum runtime; the parent forwards SIGTERM, SIGINT and SIGHUP and exits with the child's code.
 */
public final class Debugger {
    /** System property set on a child JVM started by --debugger: no timeout, no minimum runtime. */
    public static final String UNDER_DEBUGGER = "backgroundtasks.underDebugger";

    /**
     * The child never outlives its parent, even one killed with -9, even while JDWP holds it suspended
     * before any Java code runs (docs/reliability.md, rule 9): the kernel kills it when the parent dies
     * ({@code PR_SET_PDEATHSIG} through util-linux's {@code setpriv}, where it exists).
     */
    private static final List<String> PARENT_DEATH_SIGNAL = parentDeathSignal();

    private Debugger() {
    }

    private static List<String> parentDeathSignal() {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            if (!dir.isEmpty() && !dir.contains("\uFFFD") && java.nio.file.Files.isExecutable(Path.of(dir, "setpriv"))) {
                return List.of(Path.of(dir, "setpriv").toString(), "--pdeathsig", "KILL");
            }
        }
        return List.of();
    }

    private static boolean isFree(int port) {
        try (java.net.ServerSocket probe = new java.net.ServerSocket()) {
            probe.bind(new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    public static int run(Installation installation, LaunchRequest request, Console console, Signals signals) {
        int port = request.debuggerPort() == null ? 0 : request.debuggerPort();
        if (port != 0 && !isFree(port)) {
            // JDWP would fail in the child, whose exit status would then say something else (docs/reliability.md, rule 16)
            console.failure("port " + port + " is in use on 127.0.0.1; give --debugger another port, or 0 for a free one");
            return ExitCode.FAILURE;
        }
        List<String> command = new ArrayList<>();
        command.addAll(PARENT_DEATH_SIGNAL);
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(DetachedProcesses.startupFlags(installation.root().resolve("launcher.jar")));
        command.add("-agentlib:jdwp=transport=dt_socket,server=y,suspend=" + (request.waitForDebugger() ? "y" : "n")
                + ",address=127.0.0.1:" + port);
        command.add("-D" + UNDER_DEBUGGER + "=true");
        command.add("-jar");
        command.add(installation.root().resolve("launcher.jar").toString());
        command.add("--backgroundtask");
        command.add(request.taskName());
        if (request.attachConsole()) {
            command.add("--attach-console");
        }
        if (request.profile() != null) {
            command.add("--profile=" + request.profile());
        }
        request.prefs().forEach((k, v) -> command.add("--pref=" + k + "=" + v));
        if (request.testShouldNotProcessUpdates()) {
            command.add("--test-should-not-process-updates");
        }
        command.add("--");
        command.addAll(request.taskArguments());
        Process child;
        try {
            child = new ProcessBuilder(command).inheritIO().start();
        } catch (IOException e) {
            console.failure("cannot start the task's JVM under the debugger (" + e.getMessage() + ")");
            return ExitCode.FAILURE;
        }
        signals.receive((code, signal) -> forward(child, signal));
        while (true) {
            try {
                return child.waitFor();
            } catch (InterruptedException e) {
                // keep waiting: the child's code is the run's code
            }
        }
    }

    private static void forward(Process child, String signal) {
        try {
            new ProcessBuilder("kill", "-s", signal, Long.toString(child.pid())).inheritIO().start();
        } catch (IOException e) {
            child.destroy();
        }
    }
}
