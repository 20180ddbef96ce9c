package dev.backgroundtasks.launcher.internal.process;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.backgroundtasks.launcher.internal.files.FileLocks;
import dev.backgroundtasks.launcher.internal.files.Installation;

/**
 * Starts a warm host for a key: {@code java <the client's options> -Xlog:disable -cp launcher.jar
 * <host class> <the client's options>} in its own session ({@code setsid}), with stdin, stdout and
 * stderr on {@code /dev/null}, inheriting this process's environment and working directory, which
 * are part of the key. A host that finds its key's lock held exits at once, so a second start is harmless.
 */
public final class WarmHosts {
    /** The host's main class (a class of launcher.jar, never a command-line option). */
    public static final String HOST_CLASS = "dev.backgroundtasks.launcher.internal.warm.WarmHost";

    private WarmHosts() {
    }

    /**
     * After a cold run of a task that may run warm: starts a host for this JVM's key unless one holds
     * its lock. Never fails the run: a host that cannot start leaves the next run cold.
     */
    public static void afterColdRun(Installation installation, Map<String, String> env) {
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
            start(installation, key.get());
        } catch (IOException | RuntimeException e) {
            // no host: the next run is cold
        }
    }

    /** Whether no host holds the key's lock now (the folder is made private when missing). */
    private static boolean lockFree(WarmKey key) throws IOException {
        dev.backgroundtasks.launcher.internal.files.SafeFiles.ensurePrivateDirectory(key.folder());
        Optional<FileLocks.Held> held = FileLocks.tryLock(key.lock(), false);
        held.ifPresent(FileLocks.Held::close);
        return held.isPresent();
    }

    /** Starts a host for {@code key}; its successor is started the same way. */
    public static Process start(Installation installation, WarmKey key) throws IOException {
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
        command.add("-Xlog:disable");
        if (Runtime.version().feature() < 24) {
            command.add("-Djava.security.manager=allow"); // the host's SecurityManager hears a task's System.exit code
        }
        command.add("-cp");
        command.add(installation.root().resolve("launcher.jar").toString());
        command.add(HOST_CLASS);
        command.addAll(key.jvmOptions());
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        pb.redirectError(ProcessBuilder.Redirect.DISCARD);
        return pb.start();
    }
}
