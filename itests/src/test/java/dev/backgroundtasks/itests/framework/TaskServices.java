package dev.backgroundtasks.itests.framework;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.fail;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Filter;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.wiring.BundleCapability;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.util.tracker.ServiceTracker;
import org.osgi.util.tracker.ServiceTrackerCustomizer;

import dev.backgroundtasks.api.BackgroundTask;
import dev.backgroundtasks.api.TaskDefinition;

/** Finding tasks the way the launcher does: by the name in the service properties and in the manifest. */
final class TaskServices {
    /** Generous: registration takes milliseconds; the bound only keeps a broken build from hanging. */
    static final long TIMEOUT_MS = TimeUnit.SECONDS.toMillis(30);

    static final String NAME = TaskDefinition.PREFIX_ + "name";

    private TaskServices() {
    }

    /**
     * Waits for the task service of that name and returns its reference. Never calls getService: that
     * would activate the delayed component, which some tests observe before and after.
     */
    static ServiceReference<BackgroundTask> awaitTask(BundleContext context, String name) throws InterruptedException {
        ServiceTracker<BackgroundTask, ServiceReference<BackgroundTask>> tracker =
                new ServiceTracker<>(context, taskFilter(name), new ServiceTrackerCustomizer<>() {
                    @Override
                    public ServiceReference<BackgroundTask> addingService(ServiceReference<BackgroundTask> reference) {
                        return reference;
                    }

                    @Override
                    public void modifiedService(ServiceReference<BackgroundTask> reference,
                            ServiceReference<BackgroundTask> service) {
                    }

                    @Override
                    public void removedService(ServiceReference<BackgroundTask> reference,
                            ServiceReference<BackgroundTask> service) {
                    }
                });
        tracker.open();
        try {
            ServiceReference<BackgroundTask> reference = tracker.waitForService(TIMEOUT_MS);
            assertNotNull("no BackgroundTask service named " + name + " within " + TIMEOUT_MS + " ms", reference);
            return reference;
        } finally {
            tracker.close();
        }
    }

    /** Every task service registered now with that name. */
    static List<ServiceReference<BackgroundTask>> tasksNamed(BundleContext context, String name) throws InvalidSyntaxException {
        return List.copyOf(context.getServiceReferences(BackgroundTask.class, "(" + NAME + "=" + name + ")"));
    }

    static Filter taskFilter(String name) {
        try {
            return FrameworkUtil.createFilter("(&(objectClass=" + BackgroundTask.class.getName() + ")(" + NAME + "=" + name + "))");
        } catch (InvalidSyntaxException e) {
            throw new IllegalArgumentException(name, e);
        }
    }

    /** The tasks a bundle declares in its manifest, as the launcher reads them without starting anything. */
    static List<BundleCapability> declaredTasks(Bundle bundle) {
        return bundle.adapt(BundleRevision.class).getDeclaredCapabilities(TaskDefinition.NAMESPACE);
    }

    static BundleCapability declaredTask(Bundle bundle, String name) {
        List<BundleCapability> matching = declaredTasks(bundle).stream()
                .filter(c -> name.equals(c.getAttributes().get(TaskDefinition.NAMESPACE)))
                .collect(Collectors.toList());
        assertEquals("capabilities of task " + name + " in " + bundle, 1, matching.size());
        return matching.get(0);
    }

    /** The component of a bundle that declares the task of that name, from SCR's point of view. */
    static ComponentDescriptionDTO description(ServiceComponentRuntime scr, Bundle bundle, String name) {
        List<ComponentDescriptionDTO> matching = scr.getComponentDescriptionDTOs(bundle).stream()
                .filter(d -> name.equals(d.properties.get(NAME)))
                .collect(Collectors.toList());
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
     * Polls SCR until the task's component has a configuration matching {@code condition}: SCR may
     * process a bundle's components after {@code start()} returns, and no event says when. The bound is
     * generous; a pass takes one or two polls.
     */
    static ComponentConfigurationDTO awaitConfiguration(ServiceComponentRuntime scr, Bundle bundle, String name,
            Predicate<ComponentConfigurationDTO> condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TIMEOUT_MS);
        String last = "no component";
        while (System.nanoTime() < deadline) {
            for (ComponentDescriptionDTO description : scr.getComponentDescriptionDTOs(bundle)) {
                if (!name.equals(description.properties.get(NAME))) {
                    continue;
                }
                ComponentConfigurationDTO[] configurations =
                        scr.getComponentConfigurationDTOs(description).toArray(ComponentConfigurationDTO[]::new);
                for (ComponentConfigurationDTO configuration : configurations) {
                    if (condition.test(configuration)) {
                        return configuration;
                    }
                }
                last = Arrays.stream(configurations).map(c -> stateName(c.state)).collect(Collectors.joining(",", "[", "]"));
            }
            TimeUnit.MILLISECONDS.sleep(10); // the poll interval, not a synchronisation
        }
        fail("task " + name + " of " + bundle + " never " + what + " within " + TIMEOUT_MS + " ms; last states " + last);
        throw new AssertionError();
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
