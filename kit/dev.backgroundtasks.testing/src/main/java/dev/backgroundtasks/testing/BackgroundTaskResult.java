package dev.backgroundtasks.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * What a finished run left: the exit code, every line of standard output and standard error, the profile
 * if one is left, and the wall time from the start of the JVM to its exit. {@link #toString()} shows it
 * all, for assertion messages: {@code assertEquals(0, result.exitCode(), result::toString)}.
 */
public final class BackgroundTaskResult {
    /** How the name of an ephemeral profile begins ({@code BackgroundTask-HASH-TASK}). */
    static final String EPHEMERAL_PREFIX = "BackgroundTask-";

    private final int exitCode;
    private final List<String> stdout;
    private final List<String> stderr;
    private final Optional<Path> profile;
    private final Duration wall;
    private final List<String> command;
    private final Path tmpdir;

    BackgroundTaskResult(int exitCode, List<String> stdout, List<String> stderr, Optional<Path> profile,
            Duration wall, List<String> command, Path tmpdir) {
        this.exitCode = exitCode;
        this.stdout = List.copyOf(stdout);
        this.stderr = List.copyOf(stderr);
        this.profile = profile;
        this.wall = wall;
        this.command = List.copyOf(command);
        this.tmpdir = tmpdir;
    }

    /** The launcher's exit code (see {@code dev.backgroundtasks.api.ExitCode}); -1 if it could not be ended. */
    public int exitCode() {
        return exitCode;
    }

    /** The lines of standard output, in order. */
    public List<String> stdout() {
        return stdout;
    }

    /** The lines of standard error, in order (the platform's banner and messages included). */
    public List<String> stderr() {
        return stderr;
    }

    /** Standard output as one string, lines joined by {@code \n}. */
    public String stdoutText() {
        return String.join("\n", stdout);
    }

    /** Standard error as one string, lines joined by {@code \n}. */
    public String stderrText() {
        return String.join("\n", stderr);
    }

    /**
     * The profile directory the run left behind: its ephemeral profile when {@link BackgroundTaskRun#keepProfile()
     * kept}, its {@code --profile}, or the task's persistent profile; empty when the ephemeral profile was
     * removed, as it is by default, or the run never got one.
     */
    public Optional<Path> profile() {
        return profile;
    }

    /** From starting the JVM to its exit. */
    public Duration wall() {
        return wall;
    }

    /** The command line that was run. */
    public List<String> command() {
        return command;
    }

    /** The run's private TMPDIR, where its ephemeral profile was made: empty afterwards unless kept. */
    public Path tmpdir() {
        return tmpdir;
    }

    /** The ephemeral profiles in the run's TMPDIR now: none after a run that removed its profile. */
    public List<Path> ephemeralProfiles() {
        return ephemeralProfilesIn(tmpdir);
    }

    /**
     * The ephemeral profiles in a TMPDIR (one given with {@link BackgroundTaskRun#tmpdir}), sorted by name:
     * what runs there left behind, or what one still running made.
     */
    public static List<Path> ephemeralProfilesIn(Path tmpdir) {
        if (!Files.isDirectory(tmpdir)) {
            return List.of();
        }
        try (Stream<Path> children = Files.list(tmpdir)) {
            return children.filter(p -> p.getFileName().toString().startsWith(EPHEMERAL_PREFIX)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + tmpdir, e);
        }
    }

    /** Fails with the whole run in the message unless the exit code is {@code expected}; returns this. */
    public BackgroundTaskResult assertExitCode(int expected) {
        if (exitCode != expected) {
            throw new AssertionError("expected exit code " + expected + ", was " + this);
        }
        return this;
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder();
        s.append("exit ").append(exitCode).append(" in ").append(wall.toMillis()).append(" ms: ")
                .append(String.join(" ", command));
        s.append("\n--- stdout (").append(stdout.size()).append(" lines)");
        stdout.forEach(line -> s.append('\n').append(line));
        s.append("\n--- stderr (").append(stderr.size()).append(" lines)");
        stderr.forEach(line -> s.append('\n').append(line));
        return s.toString();
    }
}
