package dev.backgroundtasks.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.osgi.annotation.bundle.Capability;
import org.osgi.service.component.annotations.ComponentPropertyType;

/**
 * Declares a {@link BackgroundTask} component's name and settings, next to {@code @Component}.
 *
 * <p>One source for two places: as a component property type it gives the service properties
 * {@code dev.backgroundtasks.task.name}, {@code dev.backgroundtasks.task.timeoutSec}, ...; as a bnd
 * bundle annotation it writes the manifest capability
 * {@code Provide-Capability: dev.backgroundtasks.task;dev.backgroundtasks.task=<name>;timeoutSec:Long=..;...}
 * from which the launcher finds the task and reads its settings without starting anything.
 * Boolean settings are untyped attributes: OSGi has no Boolean attribute type.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
@ComponentPropertyType
@Capability(
        namespace = TaskDefinition.NAMESPACE,
        name = "${#name}",
        attribute = {
            "timeoutSec:Long=${#timeoutSec}",
            "minRuntimeMs:Long=${#minRuntimeMs}",
            "noOutput=${#noOutput}",
            "persistentProfile=${#persistentProfile}",
            "updating=${#updating}",
            "exclusive=${#exclusive}",
            "warmHost=${#warmHost}"
        })
public @interface TaskDefinition {
    /** The capability namespace of task bundles, and the attribute that holds the task's name. */
    String NAMESPACE = "dev.backgroundtasks.task";

    /** The service property prefix: properties are {@code dev.backgroundtasks.task.name}, ... */
    String PREFIX_ = "dev.backgroundtasks.task.";

    /** The task's name, {@code [A-Za-z0-9_-]{1,64}}, case-sensitive. */
    String name();

    /** Seconds before the run ends with {@link ExitCode#TIMEOUT}; 0: the preference
     *  {@code toolkit.backgroundtasks.defaultTimeoutSec}. */
    int timeoutSec() default 0;

    /** The shortest run in milliseconds; -1: the preference
     *  {@code toolkit.backgroundtasks.defaultMinTaskRuntimeMS}; 0 is a real zero. */
    int minRuntimeMs() default -1;

    /** stdout and stderr go nowhere unless {@code --attach-console} or
     *  {@code BACKGROUNDTASKS_IGNORE_NO_OUTPUT}. */
    boolean noOutput() default false;

    /** The task keeps one profile run after run instead of a fresh ephemeral one. */
    boolean persistentProfile() default false;

    /** The task may process staged updates at start. */
    boolean updating() default false;

    /** One running instance per installation and task name; others exit
     *  {@link ExitCode#ALREADY_RUNNING} at once. */
    boolean exclusive() default false;

    /** The task may run in a pre-warmed one-shot host JVM (Linux; the README's "Warm host"): each run
     *  still has its own JVM, profile, environment, working directory, output and exit code. */
    boolean warmHost() default false;
}
