package dev.backgroundtasks.launcher.internal.process;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.backgroundtasks.launcher.internal.files.FileLocks;
import dev.backgroundtasks.launcher.internal.files.Installation;
import dev.backgroundtasks.launcher.internal.files.SafeFiles;

/**
 * Starts a warm host for a key: {@code java <the client's options> -Xlog:disable -cp launcher.jar
 * <host class> <the client's options>} in its own session ({@code setsid}), with stdin, stdout and
 * stderr on {@code /dev/null}, inheriting this process's environment and working directory, which
 * are part of the key. A host that finds its key's lock held exits at once, so a second start is harmless.
 */
public final class WarmHosts {
    /** The host's main class (a class of launcher.jar, never a command-line option). */
    public static final String HOST_CLASS = "dev.backgroundtasks.launcher.internal.warm.WarmHost";
    /** The longest expected run handed to a host (its arguments, encoded). */
    private static final int MAX_EXPECTED = 32 * 1024;

    private WarmHosts() {
    }

    /**
     * After a cold run of a task that may run warm: starts a host for this JVM's key unless one holds
     * its lock. Never fails the run: a host that cannot start leaves the next run cold.
     */
    public static void afterColdRun(Installation installation, Map<String, String> env, List<String> args) {
        if ("off".equals(WarmKey.mode(env))) {
            return;
        }
        Optional<WarmKey> key = WarmKey.of(installation, env);
        if (key.isEmpty() || key.get().socketExists()) {
            return;
        }
        try {
            if (!lockFree(key.get())) {
                return;
            }
            start(installation, key.get(), args);
        } catch (IOException | RuntimeException e) {
            // no host: the next run is cold
        }
    }

    /** Whether no host holds the key's lock now (the folder is made private when missing). */
    private static boolean lockFree(WarmKey key) throws IOException {
        SafeFiles.ensurePrivateDirectory(key.folder());
        Optional<FileLocks.Held> held = FileLocks.tryLock(key.lock(), false);
        held.ifPresent(FileLocks.Held::close);
        return held.isPresent();
    }

    /**
     * Starts a host for {@code key}; its successor is started the same way. {@code expected}: the arguments
     * of the run just served, given on the host's stdin (never on its command line, which other users can
     * read), so that the host prepares that run's framework ({@link #readExpected}).
     */
    public static Process start(Installation installation, WarmKey key, List<String> expected) throws IOException {
        List<String> command = new ArrayList<>();
        Path setsid = DetachedProcesses.setsid();
        if (setsid != null) {
            command.add(setsid.toString());
            // --fork: the child this JVM waits for ends at once, so no thread of this JVM is left blocked
            // in waitpid, which would hold a host's own exit 300 ms (the JVM waits for threads in native code)
            command.add("--fork");
        }
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(key.jvmOptions());
        // after the clients' options: bin/backgroundtask's C1-only start-up flag would make a host's run slower
        // (a host outlives its warm-up, and C2's code for the run's steps is faster than C1's)
        command.add("-XX:TieredStopAtLevel=4");
        command.add("-Xlog:disable");
        if (Runtime.version().feature() < 24) {
            command.add("-Djava.security.manager=allow"); // the host's SecurityManager hears a task's System.exit code
        } else if (!installation.root().toString().contains("=")) { // '=' would begin the agent's options
            // the host's agent reads the shutdown hooks a run left, which the SecurityManager sees before JDK 24
            command.add("-javaagent:" + installation.root().resolve("launcher.jar"));
        }
        command.add("-cp");
        command.add(installation.root().resolve("launcher.jar").toString());
        command.add(HOST_CLASS);
        command.addAll(key.jvmOptions());
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        pb.redirectError(ProcessBuilder.Redirect.DISCARD);
        byte[] payload = encode(expected);
        if (payload.length == 0) {
            pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            return pb.start();
        }
        // a private file in the key's private folder, open as the host's stdin and gone once it started (a
        // pipe would not do: the JDK closes a child's stdin pipe as soon as setsid --fork's parent exits)
        Path file = key.folder().resolve(key.prefix() + "." + Long.toHexString(SafeFiles.random().nextLong()) + ".expected");
        try {
            SafeFiles.replace(file, payload);
            pb.redirectInput(file.toFile());
            return pb.start();
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** The arguments, NUL-terminated, in UTF-8 (no argument holds a NUL); none when they are too long. */
    static byte[] encode(List<String> args) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (String a : args) {
            bytes.writeBytes(a.getBytes(StandardCharsets.UTF_8));
            bytes.write(0);
        }
        return bytes.size() <= MAX_EXPECTED ? bytes.toByteArray() : new byte[0];
    }

    /** A host's expected run: what its spawner wrote on its stdin, or an empty list. */
    public static List<String> readExpected(InputStream in) {
        List<String> args = new ArrayList<>();
        byte[] bytes;
        try {
            bytes = in.readNBytes(MAX_EXPECTED + 1);
        } catch (IOException e) {
            return args;
        }
        if (bytes.length > MAX_EXPECTED) {
            return args;
        }
        int start = 0;
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == 0) {
                args.add(new String(bytes, start, i - start, StandardCharsets.UTF_8));
                start = i + 1;
            }
        }
        return start == bytes.length ? args : new ArrayList<>();
    }
}
