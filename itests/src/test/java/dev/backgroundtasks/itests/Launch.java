package dev.backgroundtasks.itests;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One forked {@code java -jar launcher.jar ...}, as a user runs it: by default with the testing
 * folder enabled and a private TMPDIR so that profile assertions see only this test's profiles.
 */
final class Launch {
    private final Path installation;
    private final List<String> args = new ArrayList<>();
    private final Map<String, String> env = new HashMap<>();
    private final List<String> unset = new ArrayList<>();
    private final List<String> wrapper = new ArrayList<>();
    private String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    private Duration timeout = Duration.ofSeconds(90);

    private Launch(Path installation) {
        this.installation = installation;
        env.put("BACKGROUNDTASKS_TESTING_DIR", installation.resolve("testing/backgroundtasks").toString());
    }

    static Launch in(Path installation) {
        return new Launch(installation);
    }

    Launch args(String... more) {
        args.addAll(Arrays.asList(more));
        return this;
    }

    Launch env(String name, String value) {
        if (value == null) {
            env.remove(name);
        } else {
            env.put(name, value);
        }
        return this;
    }

    /** Removes a variable the test JVM's own environment would pass on (XDG_RUNTIME_DIR, HOME). */
    Launch unset(String name) {
        env.remove(name);
        unset.add(name);
        return this;
    }

    /** A private TMPDIR, and a private runtime directory in it unless the test set one. */
    Launch tmpdir(Path dir) {
        env.putIfAbsent("BACKGROUNDTASKS_RUNTIME_DIR", dir.resolve("runtime").toString());
        return env("TMPDIR", dir.toString());
    }

    Launch java(String executable) {
        this.java = executable;
        return this;
    }

    Launch timeout(Duration t) {
        this.timeout = t;
        return this;
    }

    /** A command the launcher is started through, as a script or a scheduler would (it ends by exec'ing its arguments). */
    Launch wrappedIn(String... command) {
        wrapper.addAll(Arrays.asList(command));
        return this;
    }

    /**
     * {@code env --default-signal}: the children start with default signal dispositions however Maven was
     * started (under {@code nohup}, or as {@code mvn install &} from a script, they would inherit SIGHUP or
     * SIGINT ignored, and the JVM keeps an inherited ignored signal ignored). Empty where env lacks it.
     */
    static final List<String> DEFAULT_SIGNALS = defaultSignals();

    private static List<String> defaultSignals() {
        try {
            Process p = new ProcessBuilder("env", "--default-signal", "true").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0) {
                return List.of("env", "--default-signal");
            }
        } catch (IOException e) {
            // no env: below
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        System.err.println("Launch: env --default-signal is not available; launchers inherit this JVM's ignored signals");
        return List.of();
    }

    Process start() {
        List<String> command = new ArrayList<>(wrapper);
        command.addAll(DEFAULT_SIGNALS);
        command.addAll(List.of(java, "-jar", installation.resolve("launcher.jar").toString()));
        command.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().keySet().removeIf(k -> k.startsWith("BACKGROUNDTASKS_") || k.equals("JDK_JAVA_OPTIONS")
                || k.equals("JAVA_TOOL_OPTIONS"));
        pb.environment().keySet().removeAll(unset);
        pb.environment().putAll(env);
        pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        try {
            return pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Result run() {
        long start = System.nanoTime();
        Process p = start();
        return Result.of(p, timeout, start);
    }

    /** What a finished run left: exit code, output lines, wall time. */
    record Result(int exitCode, List<String> stdout, List<String> stderr, Duration wall) {
        static Result of(Process p, Duration timeout, long startNanos) {
            List<String> out = Collections.synchronizedList(new ArrayList<>());
            List<String> err = Collections.synchronizedList(new ArrayList<>());
            Thread o = pump(p.getInputStream(), out);
            Thread e = pump(p.getErrorStream(), err);
            try {
                if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    p.destroyForcibly();
                    throw new AssertionError("the launcher did not exit within " + timeout + "; stderr so far: " + err);
                }
                o.join(10_000);
                e.join(10_000);
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new AssertionError(ex);
            }
            return new Result(p.exitValue(), List.copyOf(out), List.copyOf(err),
                    Duration.ofNanos(System.nanoTime() - startNanos));
        }

        private static Thread pump(InputStream in, List<String> lines) {
            Thread t = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = r.readLine()) != null) {
                        lines.add(line);
                    }
                } catch (IOException ignored) {
                    // the process ended
                }
            });
            t.setDaemon(true);
            t.start();
            return t;
        }

        String err() {
            return String.join("\n", stderr);
        }

        String out() {
            return String.join("\n", stdout);
        }

        @Override
        public String toString() {
            return "exit " + exitCode + " in " + wall.toMillis() + " ms\nstdout:\n" + out() + "\nstderr:\n" + err();
        }
    }

    static List<Path> profilesIn(Path tmpdir) {
        try (var s = Files.list(tmpdir)) {
            return s.filter(p -> p.getFileName().toString().startsWith("BackgroundTask-")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
