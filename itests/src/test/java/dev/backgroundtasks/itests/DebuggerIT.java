package dev.backgroundtasks.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.sun.jdi.Bootstrap;
import com.sun.jdi.VirtualMachine;
import com.sun.jdi.connect.AttachingConnector;
import com.sun.jdi.connect.Connector;

/** Contract section 10: --wait-for-debugger runs the task under JDWP on loopback only. */
class DebuggerIT {
    private static final Pattern PORT = Pattern.compile("Listening for transport dt_socket at address: (\\d+)");

    @TempDir
    Path tmp;

    private static int port(Process p) throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = out.readLine()) != null) {
            Matcher m = PORT.matcher(line);
            if (m.find()) {
                return Integer.parseInt(m.group(1));
            }
        }
        throw new AssertionError("no JDWP port printed");
    }

    @Test
    void attachResumeAndSeeTheTasksExitCode() throws Exception {
        Process p = Launch.in(Installations.BUILT).tmpdir(tmp)
                .args("--backgroundtask", "exitcode", "--wait-for-debugger", "--", "37").start();
        int port = port(p);
        AttachingConnector connector = Bootstrap.virtualMachineManager().attachingConnectors().stream()
                .filter(c -> c.transport().name().equals("dt_socket")).findFirst().orElseThrow();
        Map<String, Connector.Argument> args = connector.defaultArguments();
        args.get("hostname").setValue("127.0.0.1");
        args.get("port").setValue(Integer.toString(port));
        VirtualMachine vm = connector.attach(args);
        vm.resume();
        vm.dispose();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(37, p.exitValue());
    }

    @Test
    void theDebuggerListensOnLoopbackOnly() throws Exception {
        Process p = Launch.in(Installations.BUILT).tmpdir(tmp)
                .args("--backgroundtask", "wait", "--debugger=0", "--", "20").start();
        try {
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
        } finally {
            p.destroy();
            p.waitFor(30, TimeUnit.SECONDS);
        }
    }
}
