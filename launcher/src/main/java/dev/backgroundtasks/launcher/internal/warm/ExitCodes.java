package dev.backgroundtasks.launcher.internal.warm;

import java.security.Permission;
import java.util.function.IntConsumer;

import dev.backgroundtasks.launcher.internal.run.HostExit;

/**
 * How the warm host learns the code its JVM ends with on the paths where no return reaches it: the
 * watchdog's halt ({@link HostExit}), and a task's own {@code System.exit(n)} or {@code Runtime.halt(n)},
 * which a {@code SecurityManager} that permits everything sees in {@code checkExit} (the host is started
 * with {@code -Djava.security.manager=allow}). One listener, told before the JVM ends.
 */
final class ExitCodes {
    private ExitCodes() {
    }

    /** Whether this JDK lets the host see a task's {@code System.exit} code (a SecurityManager: before JDK 24). */
    static boolean observable() {
        return Runtime.version().feature() < 24;
    }

    @SuppressWarnings("removal")
    static void listen(IntConsumer listener) {
        HostExit.listen(listener);
        System.setSecurityManager(new SecurityManager() {
            @Override
            public void checkPermission(Permission perm) {
                // everything is permitted: this manager only listens for the exit code
            }

            @Override
            public void checkPermission(Permission perm, Object context) {
                // everything is permitted
            }

            @Override
            public void checkExit(int status) {
                listener.accept(status);
            }
        });
    }
}
