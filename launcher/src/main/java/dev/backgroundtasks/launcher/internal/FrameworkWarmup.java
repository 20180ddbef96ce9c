package dev.backgroundtasks.launcher.internal;

import java.util.Map;

import org.apache.felix.framework.Felix;

/**
 * Start-up design: Felix's constructor spends most of its time loading and initialising its own
 * classes (SecureAction, the resolver, the extension manager computing the system packages). None
 * of that depends on the task, so a daemon thread builds a throwaway framework (the constructor has
 * no side effects: nothing on disk, no URL handlers, no threads) while the main thread reads the
 * command line, looks the task up and prepares the profile. On a 2-core machine the two overlap.
 */
final class FrameworkWarmup {
    private FrameworkWarmup() {
    }

    static void start(Console console) {
        Thread t = new Thread(() -> {
            try {
                JdkWarnings.quietFelixUnsafeWarning();
                new Felix(Map.of("felix.log.logger", new FelixLog(console), "felix.log.level", "0"));
            } catch (RuntimeException | LinkageError e) {
                // only a head start: the real framework reports real problems
            }
        }, "backgroundtasks-warmup");
        t.setDaemon(true);
        t.start();
    }
}
