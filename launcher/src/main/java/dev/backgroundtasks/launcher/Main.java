package dev.backgroundtasks.launcher;

import java.util.Map;
import java.util.Optional;

import dev.backgroundtasks.launcher.internal.files.Installation;
import dev.backgroundtasks.launcher.internal.process.Debugger;
import dev.backgroundtasks.launcher.internal.process.Signals;
import dev.backgroundtasks.launcher.internal.run.LaunchEnvironment;
import dev.backgroundtasks.launcher.internal.run.Launcher;
import dev.backgroundtasks.launcher.internal.warm.WarmClient;


/**
 * {@code java -jar launcher.jar --backgroundtask NAME [ARG ...]}: runs one task bundle in Apache Felix
 * and exits with its code.
 *
 * <ol>
 *   <li>parse the command line (usage errors exit 7, {@code --help} and {@code --version} exit 0);</li>
 *   <li>find the task by reading manifests: app, toolkit, then the testing folder (not found: 2);</li>
 *   <li>decide the output: the banner, or nothing at all for a no-output task;</li>
 *   <li>prepare the profile: purge stale ones, create and lock a new one (or the explicit one: 1 if locked);</li>
 *   <li>layer the preferences: defaults, background defaults, the profile's, {@code --pref};</li>
 *   <li>compute the task bundle's resolution closure and build the framework properties;</li>
 *   <li>install only those bundles, start them, wait for the task's service (5: load failure);</li>
 *   <li>run the task on its event loop, under the timeout (4) and the minimum runtime;</li>
 *   <li>shut down: blockers, loop, framework, all within the shutdown budget;</li>
 *   <li>clean up the profile, record the run (history.jsonl, the metrics file) and exit with the code.</li>
 * </ol>
 */
public final class Main {
    private static final long FINAL_FLUSH_MS = 2_000;

    private Main() {
    }

    public static void main(String... args) {
        long start = System.nanoTime();
        // the process's own installation, environment, streams and signal handlers: given here, read nowhere else
        Map<String, String> env = System.getenv();
        if (Boolean.getBoolean(WarmClient.TRAINING_PROPERTY)) {
            WarmClient.train(env); // bin/backgroundtask's class-archive training: a warm client's classes too
        }
        // a warm host of this JVM's key runs it, when one listens and accepts (README "Warm host"); else cold
        Optional<Integer> warm = WarmClient.run(args, env, System.out, System.err);
        if (warm.isPresent()) {
            // the client has no shutdown hook and flushed its output frame by frame: halting spares the exit's
            // own work (from JDK 24, the System.Logger that Runtime.exit logs to)
            Runtime.getRuntime().halt(warm.get());
        }
        Map<String, String> switches = LaunchEnvironment.systemSwitches();
        Launcher launcher = new Launcher(new LaunchEnvironment(Installation::locate, env, System.in,
                System.out, System.err, Signals.jvm(), Boolean.getBoolean(Debugger.UNDER_DEBUGGER), start, switches));
        int code = launcher.run(args);
        // the watchdog first, then the flushes, and those on a thread of their own: a reader that stopped
        // reading (a full pipe, a paused terminal) must never keep the process alive (docs/reliability.md)
        launcher.guardExit(code);
        Thread flush = new Thread(() -> {
            System.out.flush();
            System.err.flush();
        }, "backgroundtasks-final-flush");
        flush.setDaemon(true);
        flush.start();
        try {
            flush.join(FINAL_FLUSH_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        System.exit(code);
    }
}
