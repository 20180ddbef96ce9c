package dev.backgroundtasks.testing.internal;

import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code env --default-signal}, put before a launcher's command: it starts with default signal
 * dispositions however the build was started. Under {@code nohup}, or as {@code mvn install &} from a
 * script, the JVM would inherit SIGHUP or SIGINT ignored and keep it ignored, and a test that sends it
 * would hang. {@code env} execs the launcher, so the pid stays the launcher's.
 */
public final class DefaultSignals {
    /** The prefix, or empty where {@code env} lacks the option (not GNU coreutils, not Unix). */
    public static final List<String> PREFIX = probe();

    private DefaultSignals() {
    }

    private static List<String> probe() {
        try {
            Process p = new ProcessBuilder("env", "--default-signal", "true").redirectErrorStream(true)
                    .redirectOutput(Redirect.DISCARD).start();
            if (p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0) {
                return List.of("env", "--default-signal");
            }
            p.destroyForcibly();
        } catch (IOException e) {
            // no env: the launcher inherits this JVM's dispositions
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return List.of();
    }
}
