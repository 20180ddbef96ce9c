package dev.backgroundtasks.image;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The host's tools the image tests use instead of a container engine. A missing tool fails the test
 * under CI ({@code CI=true}, where {@code .ci/install-tools} put them) and skips it elsewhere; not being
 * root (unshare, chroot and mount need it) skips with a message.
 */
final class HostTools {
    private static final Duration COMMAND_BOUND = Duration.ofMinutes(3);

    private HostTools() {
    }

    static void requireRoot() {
        assumeTrue("0".equals(output("id", "-u").strip()),
                "the image tests run the image with unshare, mount and chroot, which need root: run them as root");
    }

    static void require(String... tools) {
        List<String> missing = new ArrayList<>();
        for (String tool : tools) {
            if (!onPath(tool)) {
                missing.add(tool);
            }
        }
        if (missing.isEmpty()) {
            return;
        }
        String message = "missing " + missing + ": run .ci/install-tools (apt-get install skopeo umoci util-linux)";
        if ("true".equals(System.getenv("CI"))) {
            fail(message);
        }
        assumeTrue(false, message);
    }

    private static boolean onPath(String tool) {
        // run-unpacked.sh adds the sbin folders (chroot) to its PATH
        String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin") + ":/usr/sbin:/sbin";
        return Arrays.stream(path.split(":")).anyMatch(dir -> Files.isExecutable(Path.of(dir, tool)));
    }

    /** Runs a command to its end within a bound; fails the test with its output unless it exits 0. */
    static String output(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(COMMAND_BOUND.toSeconds(), TimeUnit.SECONDS)) {
                p.destroyForcibly();
                fail("still running after " + COMMAND_BOUND + ": " + String.join(" ", command));
            }
            String text = new String(out, StandardCharsets.UTF_8);
            if (p.exitValue() != 0) {
                fail("exit " + p.exitValue() + ": " + String.join(" ", command) + "\n" + text);
            }
            return text;
        } catch (IOException e) {
            throw new AssertionError("cannot run " + String.join(" ", command), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted: " + String.join(" ", command), e);
        }
    }
}
