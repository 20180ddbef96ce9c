package dev.backgroundtasks.launcher.internal.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import dev.backgroundtasks.api.BackgroundTasksRunner;

import dev.backgroundtasks.launcher.internal.files.Installation;
import dev.backgroundtasks.launcher.internal.lookup.TaskNames;
import dev.backgroundtasks.launcher.internal.output.Console;
import dev.backgroundtasks.launcher.internal.profile.LayeredPreferences;

/**
 * Firefox's BackgroundTasksRunner: a task started as {@code java -jar launcher.jar --backgroundtask
 * NAME -- ARGS} in its own JVM and its own session ({@code setsid}), with stdin, stdout and stderr on
 * {@code /dev/null}, so that it outlives its parent and never holds the parent's terminal or pipes.
 */
public final class DetachedProcesses implements BackgroundTasksRunner {
    /**
     * The hidden option of the hand-off: the task's arguments come on stdin, Base64 of UTF-8, so that
     * they work in any size and under any locale (docs/reliability.md, rule 17). Not an environment
     * variable, which anyone could set to replace a task's arguments.
     */
    public static final String ARGUMENTS_FROM_STDIN = "task-arguments-from-stdin";
    /** The environment variable earlier versions used for the hand-off; now ignored with a warning. */
    public static final String ARGUMENTS_VARIABLE = "BACKGROUNDTASKS_TASK_ARGUMENTS";
    private static final int MAX_ARGUMENT_BYTES = 64 << 20;
    private static final List<String> DROPPED = List.of("BACKGROUNDTASKS_PROFILE_PATH", "BACKGROUNDTASKS_GRAPH_FILE",
            ARGUMENTS_VARIABLE);

    private final Installation installation;
    private final LayeredPreferences preferences;

    public DetachedProcesses(Installation installation, LayeredPreferences preferences) {
        this.installation = installation;
        this.preferences = preferences;
    }

    @Override
    public ProcessHandle runInDetachedProcess(String taskName, List<String> arguments) {
        return start(taskName, arguments).toHandle();
    }

    @Override
    public ProcessHandle removeDirectoryInDetachedProcess(Path parent, String childName, int secondsToWait,
            String otherFoldersSuffix) {
        List<String> args = new ArrayList<>(List.of(parent.toString(), childName, Integer.toString(secondsToWait)));
        if (otherFoldersSuffix != null && !otherFoldersSuffix.isEmpty()) {
            args.add(otherFoldersSuffix);
        }
        return runInDetachedProcess("removeDirectory", args);
    }

    /**
     * The start-up flags bin/backgroundtask gave this JVM (C1, SerialGC, a small first heap,
     * {@code -Xlog:disable} and its class archive; README "bin/backgroundtask"), for a child JVM of the
     * same launcher.jar: none under a plain {@code java -jar}. The archive is left out when launcher.jar
     * changed since this JVM started (an update): the script keys a new one, and a JDK 25 before 25.0.4
     * would run stale classes from it.
     */
    static List<String> startupFlags(Path launcherJar) {
        ProcessHandle.Info self = ProcessHandle.current().info();
        boolean jarChanged = self.startInstant().map(start -> changedSince(launcherJar, start)).orElse(true);
        List<String> flags = new ArrayList<>();
        for (String a : self.arguments().orElse(new String[0])) {
            if (a.equals("-jar")) {
                break;
            }
            boolean archive = a.startsWith("-XX:SharedArchiveFile=") || a.startsWith("-XX:AOTCache=");
            if (archive ? !jarChanged : a.startsWith("-XX:TieredStopAtLevel=") || a.equals("-XX:+UseSerialGC")
                    || a.startsWith("-Xms") || a.startsWith("-Xlog:")) {
                flags.add(a);
            }
        }
        return flags;
    }

    private static boolean changedSince(Path file, java.time.Instant start) {
        try {
            Object ctime = Files.getAttribute(file, "unix:ctime");
            return !(ctime instanceof java.nio.file.attribute.FileTime t) || t.toInstant().isAfter(start);
        } catch (IOException | RuntimeException e) {
            return true;
        }
    }

    public Process start(String taskName, List<String> arguments) {
        // a test's settings (the preferences with a testing segment) travel to the task the application
        // starts, so that a test that sets one in the parent reaches the task that reads it
        List<String> options = new ArrayList<>();
        preferences.testingPreferences().forEach((name, value) -> options.add("--pref=" + name + "=" + value));
        return start(taskName, arguments, options);
    }

    /** {@code options}: launcher options the child keeps ({@code --profile}, {@code --pref}). */
    public Process start(String taskName, List<String> arguments, List<String> options) {
        if (taskName == null || taskName.startsWith("-") || !TaskNames.valid(taskName)) {
            throw new IllegalArgumentException("invalid task name '" + taskName + "'");
        }
        List<String> command = new ArrayList<>();
        Path setsid = setsid();
        if (setsid != null) {
            command.add(setsid.toString());
        }
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(startupFlags(installation.root().resolve("launcher.jar")));
        command.add("-jar");
        command.add(installation.root().resolve("launcher.jar").toString());
        command.add("--backgroundtask");
        command.add(taskName);
        command.addAll(options);
        command.add("--" + ARGUMENTS_FROM_STDIN);
        ProcessBuilder pb = new ProcessBuilder();
        Map<String, String> env = pb.environment();
        DROPPED.forEach(env::remove);
        if (!isUtf8(Charset.forName(System.getProperty("sun.jnu.encoding", "UTF-8")))) {
            env.put("LC_ALL", "C.UTF-8"); // the child's own paths and output, under cron's POSIX locale
        }
        pb.command(command);
        pb.redirectInput(ProcessBuilder.Redirect.PIPE);
        pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        pb.redirectError(ProcessBuilder.Redirect.DISCARD);
        Process child;
        try {
            child = pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start task '" + taskName + "' in a detached process", e);
        }
        try (java.io.OutputStream in = child.getOutputStream()) {
            in.write(encode(arguments).getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            // the child ended before reading them: it reports its own failure
        }
        return child;
    }

    /**
     * The arguments a detaching parent wrote to stdin; empty, with a warning, when what is there is not
     * a hand-off (a crafted or truncated value is never a crash).
     */
    public static java.util.Optional<List<String>> readArguments(java.io.InputStream in, Console console) {
        try {
            byte[] bytes = in.readNBytes(MAX_ARGUMENT_BYTES + 1);
            if (bytes.length > MAX_ARGUMENT_BYTES) {
                throw new IllegalArgumentException("more than " + MAX_ARGUMENT_BYTES + " bytes");
            }
            return java.util.Optional.of(decode(new String(bytes, StandardCharsets.US_ASCII).trim()));
        } catch (IOException | RuntimeException e) {
            console.warnAlways("--" + ARGUMENTS_FROM_STDIN + ": stdin does not hold the arguments of a detached task ("
                    + e.getMessage() + "); using the command line's");
            return java.util.Optional.empty();
        }
    }

    private static boolean isUtf8(Charset charset) {
        return charset.equals(StandardCharsets.UTF_8);
    }

    static Path setsid() {
        for (String dir : new String[] {"/usr/bin", "/bin"}) {
            Path p = Path.of(dir, "setsid");
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }

    /** {@code N:} then each argument as Base64 of UTF-8, comma-separated. */
    static String encode(List<String> arguments) {
        StringBuilder b = new StringBuilder().append(arguments.size()).append(':');
        for (int i = 0; i < arguments.size(); i++) {
            b.append(i == 0 ? "" : ",").append(Base64.getEncoder().encodeToString(arguments.get(i).getBytes(StandardCharsets.UTF_8)));
        }
        return b.toString();
    }

    static List<String> decode(String encoded) {
        int colon = encoded.indexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("not N:ARG,...");
        }
        int count = Integer.parseInt(encoded.substring(0, colon));
        List<String> result = new ArrayList<>();
        if (count == 0) {
            return result;
        }
        String[] parts = encoded.substring(colon + 1).split(",", -1);
        if (parts.length != count) {
            throw new IllegalArgumentException("expected " + count + " arguments, got " + parts.length);
        }
        for (String p : parts) {
            result.add(new String(Base64.getDecoder().decode(p), StandardCharsets.UTF_8));
        }
        return result;
    }
}
