package dev.backgroundtasks.launcher.internal.warm;

import java.security.Permission;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.function.IntConsumer;

import dev.backgroundtasks.launcher.internal.run.HostExit;

/**
 * How the warm host learns the code its JVM ends with where no return reaches it: the watchdog's halt
 * ({@link HostExit}), and a task's own {@code System.exit(n)}. Before JDK 24 a {@code SecurityManager}
 * that permits everything sees it in {@code checkExit} (the host runs with
 * {@code -Djava.security.manager=allow}; it also sees {@code Runtime.halt}). From JDK 24, which has no
 * SecurityManager, {@code Runtime.exit} logs "Runtime.exit(n)" on the System.Logger
 * {@code java.lang.Runtime} at DEBUG (JDK-8301627): the run's JUL configuration ({@link WarmJulConfig},
 * the launcher's own plus that one logger) hears it. One listener, told before the JVM ends.
 */
final class ExitCodes {
    private static final String JUL_CONFIG_CLASS = "java.util.logging.config.class";
    private static volatile IntConsumer listener = code -> { };
    /** A class of no launcher's loader (a bundle's) added or removed a shutdown hook (JDK 17-23: seen by the manager). */
    private static volatile boolean foreignHooks;
    /** The application shutdown hooks before the run (JDK 24 and later, read through {@link HostAgent}). */
    private static volatile Set<Thread> hooksBeforeRun;

    private ExitCodes() {
    }

    static boolean securityManager() {
        return Runtime.version().feature() < 24;
    }

    /** Whether this JVM lets the host hear a task's System.exit code (from JDK 24: JUL not configured by the user). */
    static boolean observable() {
        return securityManager()
                || System.getProperty(JUL_CONFIG_CLASS) == null && System.getProperty("java.util.logging.config.file") == null;
    }

    @SuppressWarnings("removal")
    static void listen(IntConsumer action) {
        listener = action;
        HostExit.listen(action);
        if (!securityManager()) {
            return;
        }
        System.setSecurityManager(new SecurityManager() {
            @Override
            public void checkPermission(Permission perm) {
                // everything is permitted: this manager only listens for the exit code, and for shutdown hooks
                if (!foreignHooks && perm instanceof RuntimePermission && "shutdownHooks".equals(perm.getName())) {
                    ClassLoader own = ExitCodes.class.getClassLoader();
                    for (Class<?> c : getClassContext()) {
                        ClassLoader loader = c.getClassLoader();
                        if (loader != null && loader != own && loader != ClassLoader.getPlatformClassLoader()) {
                            foreignHooks = true;
                            break;
                        }
                    }
                }
            }

            @Override
            public void checkPermission(Permission perm, Object context) {
                // everything is permitted
            }

            @Override
            public void checkExit(int status) {
                action.accept(status);
            }
        });
    }

    /**
     * Just before the run (JDK 24 and later): JUL, when the run or the exit first uses it, is configured by
     * {@link WarmJulConfig}; the launcher leaves a configuration class that is already set alone.
     */
    static void beforeRun() {
        if (!securityManager()) {
            List<Thread> hooks = HostAgent.shutdownHooks();
            if (hooks != null) {
                Set<Thread> before = Collections.newSetFromMap(new IdentityHashMap<>());
                before.addAll(hooks);
                hooksBeforeRun = before;
            }
        }
        if (!securityManager() && observable()) {
            System.setProperty(JUL_CONFIG_CLASS, WarmJulConfig.class.getName());
        }
    }

    /**
     * Whether nothing a run did happens at this JVM's exit: before JDK 24, the manager saw no class of a
     * bundle's add a shutdown hook; from JDK 24, {@link HostAgent} reads the hooks, and none is left that was
     * not there before the run. False whenever it cannot be known.
     */
    static boolean onlyOwnShutdownHooks() {
        if (securityManager()) {
            return System.getSecurityManager() != null && !foreignHooks;
        }
        Set<Thread> before = hooksBeforeRun;
        List<Thread> now = HostAgent.shutdownHooks();
        if (before == null || now == null) {
            return false;
        }
        for (Thread hook : now) {
            if (!before.contains(hook)) {
                return false;
            }
        }
        return true;
    }

    /** The logged "Runtime.exit(n)". */
    static void exiting(int code) {
        listener.accept(code);
    }
}
