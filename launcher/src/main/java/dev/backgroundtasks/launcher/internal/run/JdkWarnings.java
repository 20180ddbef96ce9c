package dev.backgroundtasks.launcher.internal.run;

import java.lang.reflect.Field;

/**
 * Felix 7.0.5's {@code SecureAction} calls {@code sun.misc.Unsafe::staticFieldOffset} when it is first
 * loaded, and JDK 24 and later print four warning lines about it on the JVM's initial stderr, where
 * swapping {@code System.err} cannot reach. A no-output task must print nothing, and a
 * {@code java -jar} launcher cannot pass {@code --sun-misc-unsafe-memory-access=allow}; so the launcher
 * marks the one-time warning as already given ({@code jdk.unsupported} opens {@code sun.misc}).
 * On JDKs without the warning the field does not exist and nothing happens.
 */
final class JdkWarnings {
    private JdkWarnings() {
    }

    static void quietFelixUnsafeWarning() {
        try {
            Field warned = Class.forName("sun.misc.Unsafe").getDeclaredField("memoryAccessWarned");
            warned.setAccessible(true);
            warned.setBoolean(null, true);
        } catch (ReflectiveOperationException | RuntimeException notThisJdk) {
            // JDK 23 and earlier: no such warning
        }
    }
}
