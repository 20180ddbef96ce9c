package dev.backgroundtasks.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.sun.jdi.Bootstrap;
import com.sun.jdi.VirtualMachine;
import com.sun.jdi.connect.AttachingConnector;
import com.sun.jdi.connect.Connector;

import dev.backgroundtasks.testing.BackgroundTaskResult;
import dev.backgroundtasks.testing.BackgroundTaskRun;
import dev.backgroundtasks.testing.RunningTask;
import dev.backgroundtasks.testing.WithInstallation;

/** --wait-for-debugger (docs/reference/processes.md) runs the task under JDWP on loopback only. */
@WithInstallation(testingTasks = true)
class DebuggerIT {
    private static final Pattern PORT = Pattern.compile("Listening for transport dt_socket at address: (\\d+)");

    @TempDir
    Path tmp;

    private static int port(RunningTask p) {
        String line = p.awaitStdoutLine(l -> PORT.matcher(l).find(), Duration.ofSeconds(60))
                .orElseThrow(() -> new AssertionError("no JDWP port printed\n" + p));
        Matcher m = PORT.matcher(line);
        m.find();
        return Integer.parseInt(m.group(1));
    }

    @Test
    void attachResumeAndSeeTheTasksExitCode() throws Exception {
        try (RunningTask p = BackgroundTaskRun.launcher().tmpdir(tmp)
                .args("--backgroundtask", "exitcode", "--wait-for-debugger", "--", "37").start()) {
            int port = port(p);
            AttachingConnector connector = Bootstrap.virtualMachineManager().attachingConnectors().stream()
                    .filter(c -> c.transport().name().equals("dt_socket")).findFirst().orElseThrow();
            Map<String, Connector.Argument> args = connector.defaultArguments();
            args.get("hostname").setValue("127.0.0.1");
            args.get("port").setValue(Integer.toString(port));
            VirtualMachine vm = connector.attach(args);
            vm.resume();
            vm.dispose();
            BackgroundTaskResult r = p.await(Duration.ofSeconds(60));
            assertEquals(37, r.exitCode(), r::toString);
        }
    }

    @Test
    void theDebuggerListensOnLoopbackOnly() throws Exception {
        try (RunningTask p = BackgroundTaskRun.launcher().tmpdir(tmp)
                .args("--backgroundtask", "wait", "--debugger=0", "--", "20").start()) {
            int port = port(p);
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5000);
            }
            for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                for (InetAddress a : Collections.list(ni.getInetAddresses())) {
                    if (a.isLoopbackAddress() || a.isLinkLocalAddress()) {
                        continue;
                    }
                    try (Socket s = new Socket()) {
                        s.connect(new InetSocketAddress(a, port), 2000);
                        throw new AssertionError("JDWP accepted a connection on " + a);
                    } catch (java.io.IOException refused) {
                        // expected: nothing listens there
                    }
                }
            }
            p.stop().await(Duration.ofSeconds(30));
        }
    }
}
