package dev.backgroundtasks.launcher;

import dev.backgroundtasks.launcher.internal.Launcher;

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
    private Main() {
    }

    public static void main(String... args) {
        long start = System.nanoTime();
        Launcher launcher = new Launcher(System.getenv(), System.out, System.err, start);
        int code = launcher.run(args);
        System.out.flush();
        System.err.flush();
        launcher.guardExit(code);
        System.exit(code);
    }
}
