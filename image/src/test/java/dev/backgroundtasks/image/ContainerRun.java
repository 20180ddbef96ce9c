package dev.backgroundtasks.image;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

import dev.backgroundtasks.testing.internal.OutputLines;

/**
 * One run of the image's entry point in a new PID namespace: {@link #jvm()} is the JVM, PID 1 inside.
 * {@link #close()} kills the namespace if it still runs.
 */
final class ContainerRun implements AutoCloseable {
    private final List<String> command;
    private final Process process;
    private final OutputLines stdout;
    private final OutputLines stderr;

    ContainerRun(List<String> command, Process process) throws IOException {
        this.command = command;
        this.process = process;
        process.getOutputStream().close();
        this.stdout = OutputLines.read(process.getInputStream(), null, "container stdout");
        this.stderr = OutputLines.read(process.getErrorStream(), null, "container stderr");
    }

    /** The exit code, once the run ends within {@code bound}; fails with the whole run otherwise. */
    int await(Duration bound) throws InterruptedException {
        if (!process.waitFor(bound.toMillis(), TimeUnit.MILLISECONDS)) {
            close();
            throw new AssertionError("still running after " + bound + ": " + this);
        }
        stdout.awaitEnd(Duration.ofSeconds(10));
        stderr.awaitEnd(Duration.ofSeconds(10));
        return process.exitValue();
    }

    /**
     * The JVM, the namespace's PID 1 as seen from the host, once the script there has become it (mounts,
     * then exec of chroot, then of java) within {@code bound}.
     */
    ProcessHandle jvm(Duration bound) {
        try {
            return Awaitility.await().atMost(bound).until(() -> process.toHandle().children()
                    .filter(c -> c.info().command().orElse("").endsWith("/bin/java")).findFirst(), Optional::isPresent)
                    .get();
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("no JVM in the namespace after " + bound + ": " + this, e);
        }
    }

    /**
     * Waits until a path under the container's {@code /tmp} (a tmpfs only the container sees, read here
     * through {@code /proc/PID/root}) matches {@code regex}, relative to {@code /tmp}, at most two levels
     * deep; false when the bound passed or the JVM ended first.
     */
    static boolean awaitInTmp(ProcessHandle jvm, String regex, Duration bound) {
        Path tmp = Path.of("/proc", Long.toString(jvm.pid()), "root", "tmp");
        try {
            Awaitility.await().atMost(bound).until(() -> !jvm.isAlive() || inTmp(tmp, regex));
        } catch (ConditionTimeoutException e) {
            return false;
        }
        return inTmp(tmp, regex); // false when the JVM ended first
    }

    private static boolean inTmp(Path tmp, String regex) {
        try (Stream<Path> files = Files.find(tmp, 2, (p, a) -> tmp.relativize(p).toString().matches(regex))) {
            return files.findAny().isPresent();
        } catch (IOException | UncheckedIOException e) {
            return false; // not there yet, a file that went while listing, or the process just ended
        }
    }

    String stdoutText() {
        return String.join("\n", stdout.snapshot());
    }

    String stderrText() {
        return String.join("\n", stderr.snapshot());
    }

    @Override
    public void close() {
        process.destroyForcibly(); // unshare --kill-child takes the namespace with it
    }

    @Override
    public String toString() {
        return String.join(" ", command) + "\n--- stdout\n" + stdoutText() + "\n--- stderr\n" + stderrText();
    }
}
