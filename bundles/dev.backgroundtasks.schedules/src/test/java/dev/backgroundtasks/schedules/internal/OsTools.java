package dev.backgroundtasks.schedules.internal;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** The outside tools that check generated files: required under CI=true, else a missing one skips the test. */
final class OsTools {
    private OsTools() {
    }

    static void require(String tool) {
        if (Tools.exists(tool)) {
            return;
        }
        if ("true".equals(System.getenv("CI"))) {
            fail(tool + " is missing: run .ci/install-tools");
        }
        assumeTrue(false, tool + " is missing (.ci/install-tools installs it)");
    }

    /** The fixed invocation the tests render with: the real java, so that systemd-analyze verify finds it. */
    static Invocation invocation() {
        return new Invocation(Path.of(System.getProperty("java.home"), "bin", "java"), Path.of("/opt/backgroundtasks"),
                "0123456789abcdef", Path.of("/run/user/1000/backgroundtasks/0123456789abcdef"),
                Map.of("LC_ALL", Invocation.LOCALE));
    }

    static OsCommand.Result run(String... command) throws IOException {
        return OsCommand.run(List.of(command), null);
    }
}
