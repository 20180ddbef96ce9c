package dev.backgroundtasks.launcher.internal.warm;

import java.lang.instrument.Instrumentation;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A warm host's agent on JDK 24 and later ({@code -javaagent:launcher.jar}, given by
 * {@code WarmHosts.start} only): it opens {@code java.lang} to the launcher's own module, the class path's
 * unnamed module, and to no other (a bundle's classes are in their loaders' own unnamed modules), so that
 * the host can read the JVM's application shutdown hooks. That is what the {@code SecurityManager} tells a
 * host before JDK 24: whether a run left a hook of its own for the JVM's exit ({@link ExitCodes}).
 */
public final class HostAgent {
    private static volatile Field hooks;

    private HostAgent() {
    }

    public static void premain(String options, Instrumentation instrumentation) {
        try {
            Module own = HostAgent.class.getModule();
            instrumentation.redefineModule(Object.class.getModule(), Set.of(), Map.of(),
                    Map.of("java.lang", Set.of(own)), Set.of(), Map.of());
            Field field = Class.forName("java.lang.ApplicationShutdownHooks").getDeclaredField("hooks");
            field.setAccessible(true);
            hooks = field;
        } catch (ReflectiveOperationException | RuntimeException e) {
            // unknown to this JDK: the host's clients wait for its exit, as without the agent
        }
    }

    /** The application shutdown hooks registered now, or null when they cannot be read. */
    static List<Thread> shutdownHooks() {
        Field field = hooks;
        if (field == null) {
            return null;
        }
        try {
            Class<?> owner = field.getDeclaringClass();
            synchronized (owner) {
                Map<?, ?> map = (Map<?, ?>) field.get(null);
                if (map == null) {
                    return null; // the JVM is exiting: the hooks run now
                }
                List<Thread> threads = new ArrayList<>();
                for (Object key : map.keySet()) {
                    threads.add((Thread) key);
                }
                return threads;
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }
}
