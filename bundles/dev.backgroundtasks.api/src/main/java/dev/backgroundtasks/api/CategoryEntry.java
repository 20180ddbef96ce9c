package dev.backgroundtasks.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.osgi.service.component.annotations.ComponentPropertyType;

/**
 * Puts an {@link Observer} component in a startup category, and says in which mode it is registered.
 * A component property type: the properties are {@code dev.backgroundtasks.category} and
 * {@code dev.backgroundtasks.mode}.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
@ComponentPropertyType
public @interface CategoryEntry {
    /** The service property prefix. */
    String PREFIX_ = "dev.backgroundtasks.";

    /** The category: {@code app-startup}, {@code profile-after-change}, {@code command-line-handler},
     *  {@code final-startup} or {@code quit-application}. */
    String category();

    /** In which mode the entry is registered. */
    Mode mode() default Mode.NORMAL;

    /** Firefox's {@code backgroundtask} category modifier. */
    enum Mode {
        /** Normal mode only (Firefox's default, and {@code backgroundtask=0}). */
        NORMAL,
        /** Background task mode only ({@code backgroundtask=1}). */
        BACKGROUND,
        /** Both modes. */
        ALWAYS
    }
}
