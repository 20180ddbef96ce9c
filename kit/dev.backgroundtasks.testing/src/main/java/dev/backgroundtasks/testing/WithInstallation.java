package dev.backgroundtasks.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Gives the test class a fresh {@link TaskInstallation}, unpacked before its first test from the
 * distribution that {@link Distribution} locates (the local Maven repository by default) and removed
 * after its last. {@link BackgroundTaskRun}s in the class's tests run in it, and a {@code TaskInstallation}
 * parameter of a test, {@code @BeforeAll}/{@code @BeforeEach} method or constructor receives it.
 * {@code @Nested} classes share their enclosing class's installation; with {@link #eachTest()} each test
 * has a copy of its own.
 *
 * <pre>{@code
 * @WithInstallation
 * class CleanupTaskIT {
 *     @Test
 *     void removesTemporaryFiles(TaskInstallation installation, @TempDir Path dir) { ... }
 * }
 * }</pre>
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@ExtendWith(InstallationExtension.class)
public @interface WithInstallation {
    /** The platform's test-only tasks ({@code success}, {@code exitcode N}, ...) are found by every run. */
    boolean testingTasks() default false;

    /**
     * Each test gets a copy of the class's installation of its own ({@link TaskInstallation#copy()}),
     * removed after the test: for tests that drop bundles or change {@code defaults/} and must not see
     * what another test did.
     */
    boolean eachTest() default false;
}
