package dev.backgroundtasks.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import dev.backgroundtasks.testing.internal.OutputLines;

/**
 * A launcher started by {@link BackgroundTaskRun#start()} and not yet waited for: to send it SIGTERM in
 * the middle of its work, or to wait for a line it prints. {@link #close()} kills it if it still runs.
 */
public final class RunningTask implements AutoCloseable {
    /** After SIGTERM, the platform has its shutdown budget (10 s by default) to exit; a little more here. */
    private static final Duration STOP_GRACE = Duration.ofSeconds(15);
    private static final Duration OUTPUT_DRAIN = Duration.ofSeconds(10);

    private final TaskInstallation installation;
    private final Process process;
    private final List<String> command;
    private final OutputLines stdout;
    private final OutputLines stderr;
    private final long startNanos;
    private final Duration timeout;
    private final String taskName;
    private final Path tmpdir;
    private final Path explicitProfile;

    RunningTask(TaskInstallation installation, Process process, List<String> command, OutputLines stdout,
            OutputLines stderr, long startNanos, Duration timeout, String taskName, Path tmpdir, Path explicitProfile) {
        this.installation = installation;
        this.process = process;
        this.command = command;
        this.stdout = stdout;
        this.stderr = stderr;
        this.startNanos = startNanos;
        this.timeout = timeout;
        this.taskName = taskName;
        this.tmpdir = tmpdir;
        this.explicitProfile = explicitProfile;
    }

    /** The launcher's process. */
    public ProcessHandle process() {
        return process.toHandle();
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** The first stdout line, printed so far or within {@code bound}, that matches; empty if none came. */
    public Optional<String> awaitStdoutLine(Predicate<String> match, Duration bound) {
        return await(stdout, match, bound);
    }

    /** The first stderr line, printed so far or within {@code bound}, that matches; empty if none came. */
    public Optional<String> awaitStderrLine(Predicate<String> match, Duration bound) {
        return await(stderr, match, bound);
    }

    private static Optional<String> await(OutputLines lines, Predicate<String> match, Duration bound) {
        try {
            return lines.await(match, bound);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** The lines of standard output printed so far. */
    public List<String> stdoutLines() {
        return stdout.snapshot();
    }

    /** The lines of standard error printed so far. */
    public List<String> stderrLines() {
        return stderr.snapshot();
    }

    /**
     * Sends a signal by name ({@code "TERM"}, {@code "INT"}, {@code "HUP"}) with {@code kill}, as an operator
     * or a service manager would: the platform shuts down in order and exits 128 + the signal's number.
     * Unix only.
     */
    public RunningTask signal(String name) {
        if (!name.matches("[A-Z0-9]+")) {
            throw new IllegalArgumentException("a signal name such as TERM, INT or HUP: " + name);
        }
        try {
            Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start();
            if (!kill.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("kill -" + name + " " + process.pid() + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run kill", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sending " + name, e);
        }
        return this;
    }

    /** SIGTERM (on Windows, the process is ended): the platform shuts down in order and exits 143. */
    public RunningTask stop() {
        process.destroy();
        return this;
    }

    /** SIGKILL, for the launcher and the processes it started (a debugger child JVM). */
    public RunningTask kill() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        return this;
    }

    /**
     * Waits for the launcher to exit, within the run's timeout counted from its start, and returns what it
     * left. Past the timeout it is stopped and {@link RunTimedOutError} is thrown.
     */
    public BackgroundTaskResult await() {
        return await(timeout);
    }

    /**
     * Like {@link #await()}, waiting at most {@code bound} from now (and never past the run's timeout): for
     * a test that expects the launcher to end promptly, after a signal or once its peer went away.
     */
    public BackgroundTaskResult await(Duration bound) {
        boolean timedOut = false;
        Duration limit = bound;
        try {
            long left = Math.min(bound.toNanos(), timeout.toNanos() - (System.nanoTime() - startNanos));
            if (left < bound.toNanos()) {
                limit = timeout;
            }
            if (!process.waitFor(Math.max(0, left), TimeUnit.NANOSECONDS)) {
                timedOut = true;
                stop();
                if (!process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                    kill();
                    process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
                }
            }
            Duration wall = Duration.ofNanos(System.nanoTime() - startNanos);
            List<String> out = stdout.awaitEnd(OUTPUT_DRAIN);
            List<String> err = stderr.awaitEnd(OUTPUT_DRAIN);
            BackgroundTaskResult result = new BackgroundTaskResult(process.isAlive() ? -1 : process.exitValue(),
                    out, err, profile(), wall, command, tmpdir);
            if (timedOut) {
                throw new RunTimedOutError(limit, result);
            }
            stdout.rethrowListenerFailure();
            stderr.rethrowListenerFailure();
            return result;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill();
            throw new IllegalStateException("interrupted while waiting for " + command, e);
        } finally {
            installation.ended(this);
        }
    }

    /**
     * The profile the run left: an explicit one, a persistent one of the task, or its ephemeral one when
     * kept. Ephemeral profiles are found in the run's own TMPDIR, persistent ones in the installation's data
     * folder, by the names the platform gives them.
     */
    private Optional<Path> profile() {
        if (explicitProfile != null) {
            return Optional.of(explicitProfile).filter(Files::isDirectory);
        }
        if (taskName == null) {
            return Optional.empty();
        }
        String quoted = Pattern.quote(taskName);
        Optional<Path> ephemeral = find(tmpdir, Pattern.compile(BackgroundTaskResult.EPHEMERAL_PREFIX
                + "[0-9a-f]{16}-" + quoted + "(\\.[0-9]+)?"));
        if (ephemeral.isPresent()) {
            return ephemeral;
        }
        return find(installation.dataDirectory(), Pattern.compile("[^.]+\\." + BackgroundTaskResult.EPHEMERAL_PREFIX
                + "[0-9a-f]{16}-" + quoted));
    }

    private static Optional<Path> find(Path folder, Pattern name) {
        if (!Files.isDirectory(folder)) {
            return Optional.empty();
        }
        try (Stream<Path> children = Files.list(folder)) {
            return children.filter(p -> Files.isDirectory(p) && name.matcher(p.getFileName().toString()).matches())
                    .sorted().findFirst();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Kills the launcher if it still runs. */
    @Override
    public void close() {
        if (process.isAlive()) {
            kill();
            try {
                process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        installation.ended(this);
    }

    /** The command line and the output so far, for assertion messages. */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("pid ").append(process.pid())
                .append(process.isAlive() ? " running: " : " exit " + process.exitValue() + ": ")
                .append(String.join(" ", command));
        s.append("\n--- stdout so far");
        stdout.snapshot().forEach(line -> s.append('\n').append(line));
        s.append("\n--- stderr so far");
        stderr.snapshot().forEach(line -> s.append('\n').append(line));
        return s.toString();
    }
}
