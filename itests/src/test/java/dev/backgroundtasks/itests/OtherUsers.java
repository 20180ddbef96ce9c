package dev.backgroundtasks.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;

/**
 * A second, hostile local user for the hardening tests: the tests run as root and act as
 * {@code nobody} through {@code setpriv}; they are skipped with a message when not root.
 */
final class OtherUsers {
    static final int NOBODY = 65534;

    private OtherUsers() {
    }

    static void assumeRoot() {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")),
                "skipped: acting as another user (setpriv --reuid=" + NOBODY + ") needs root");
    }

    /** A shared world-writable sticky directory (a second /tmp) in {@code tmp}, which is opened to others. */
    static Path shared(Path tmp) {
        Path shared = tmp.resolve("shared");
        try {
            Files.createDirectories(shared);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        run(List.of("chmod", "755", tmp.toString()));
        run(List.of("chmod", "1777", shared.toString()));
        return shared;
    }

    /** Runs a shell script as nobody; it must succeed. */
    static String asNobody(String script) {
        return run(List.of("setpriv", "--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups", "sh", "-c", script));
    }

    static String quote(Path p) {
        return "'" + p.toString().replace("'", "'\\''") + "'";
    }

    static String run(List<String> command) {
        List<String> all = new ArrayList<>(command);
        ProcessBuilder pb = new ProcessBuilder(all).redirectErrorStream(true);
        try {
            Process p = pb.start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(command + " did not finish");
            }
            assertEquals(0, p.exitValue(), () -> command + ": " + out);
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
