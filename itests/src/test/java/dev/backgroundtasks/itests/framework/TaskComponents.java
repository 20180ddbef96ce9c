package dev.backgroundtasks.itests.framework;

import static org.junit.Assert.assertEquals;

import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;

import dev.backgroundtasks.api.TaskDefinition;
import dev.backgroundtasks.testing.framework.FrameworkTaskRun;

/**
 * A task's component as SCR sees it. Not in the kit: the kit's classes come from the class path, SCR's
 * DTO types from the framework's bundle, so only the test probe can hold them; waiting is the kit's
 * ({@link FrameworkTaskRun#await}).
 */
final class TaskComponents {
    static final String NAME = TaskDefinition.PREFIX_ + "name";

    private TaskComponents() {
    }

    /** The component of a bundle that declares the task of that name. */
    static ComponentDescriptionDTO description(ServiceComponentRuntime scr, Bundle bundle, String name) {
        List<ComponentDescriptionDTO> matching = descriptions(scr, bundle, name);
        assertEquals("components of task " + name + " in " + bundle, 1, matching.size());
        return matching.get(0);
    }

    /** The single configuration of a task's component (no configuration policy: exactly one). */
    static ComponentConfigurationDTO configuration(ServiceComponentRuntime scr, Bundle bundle, String name) {
        List<ComponentConfigurationDTO> configurations = List.copyOf(
                scr.getComponentConfigurationDTOs(description(scr, bundle, name)));
        assertEquals("configurations of task " + name, 1, configurations.size());
        return configurations.get(0);
    }

    /**
     * Waits for a configuration of the task's component matching {@code condition}: SCR may process a
     * bundle's components after {@code start()} returns.
     */
    static ComponentConfigurationDTO awaitConfiguration(BundleContext context, ServiceComponentRuntime scr,
            Bundle bundle, String name, Predicate<ComponentConfigurationDTO> condition, String what)
            throws InterruptedException {
        return FrameworkTaskRun.await(context, "task " + name + " of " + bundle + " " + what,
                FrameworkTaskRun.DEFAULT_TIMEOUT, () -> firstConfiguration(scr, bundle, name, condition));
    }

    private static Optional<ComponentConfigurationDTO> firstConfiguration(ServiceComponentRuntime scr, Bundle bundle,
            String name, Predicate<ComponentConfigurationDTO> condition) {
        return descriptions(scr, bundle, name).stream()
                .flatMap(d -> scr.getComponentConfigurationDTOs(d).stream())
                .filter(condition)
                .findFirst();
    }

    private static List<ComponentDescriptionDTO> descriptions(ServiceComponentRuntime scr, Bundle bundle, String name) {
        return scr.getComponentDescriptionDTOs(bundle).stream()
                .filter(d -> name.equals(d.properties.get(NAME)))
                .toList();
    }

    static String stateName(int state) {
        switch (state) {
            case ComponentConfigurationDTO.UNSATISFIED_CONFIGURATION:
                return "UNSATISFIED_CONFIGURATION";
            case ComponentConfigurationDTO.UNSATISFIED_REFERENCE:
                return "UNSATISFIED_REFERENCE";
            case ComponentConfigurationDTO.SATISFIED:
                return "SATISFIED";
            case ComponentConfigurationDTO.ACTIVE:
                return "ACTIVE";
            case ComponentConfigurationDTO.FAILED_ACTIVATION:
                return "FAILED_ACTIVATION";
            default:
                return "state " + state;
        }
    }
}
