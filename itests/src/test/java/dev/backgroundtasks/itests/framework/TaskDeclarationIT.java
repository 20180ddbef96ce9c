package dev.backgroundtasks.itests.framework;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.composite;
import static org.ops4j.pax.exam.CoreOptions.options;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

import javax.inject.Inject;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.wiring.BundleCapability;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;

import dev.backgroundtasks.api.BackgroundTask;
import dev.backgroundtasks.api.TaskDefinition;
import dev.backgroundtasks.itests.Fixtures;
import dev.backgroundtasks.testing.exam.BackgroundTasksOptions;
import dev.backgroundtasks.testing.framework.FrameworkTaskRun;

/**
 * {@code @TaskDefinition} is one source for a task's name and settings: the DS service properties the
 * runtime sees and the manifest capability the launcher reads without starting anything say the same,
 * defaults included. Settings are typed Integer and Boolean in the service properties, Long and
 * untyped String in the capability (OSGi has no Boolean attribute type).
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class TaskDeclarationIT {
    private static final String TASK_BUNDLE_PREFIX = "dev.backgroundtasks.testing.task.";
    private static final String[] LONG_SETTINGS = {"timeoutSec", "minRuntimeMs"};
    private static final String[] BOOLEAN_SETTINGS = {"noOutput", "persistentProfile", "updating", "exclusive"};

    @Inject
    private BundleContext context;

    @Inject
    private ServiceComponentRuntime scr;

    @Configuration
    public Option[] config() {
        // every test-only task, a bundle each
        return options(BackgroundTasksOptions.platform(), composite(Fixtures.testingTasks().stream()
                .map(BackgroundTasksOptions::taskBundle).toArray(Option[]::new)));
    }

    @Test
    public void successCarriesTheDefaultsInServiceAndCapability() throws Exception {
        ServiceReference<BackgroundTask> service = awaitTask(context, "success");
        assertEquals("success", service.getProperty(TaskDefinition.PREFIX_ + "name"));
        assertEquals(Integer.valueOf(0), service.getProperty(TaskDefinition.PREFIX_ + "timeoutSec"));
        assertEquals(Integer.valueOf(-1), service.getProperty(TaskDefinition.PREFIX_ + "minRuntimeMs"));
        for (String setting : BOOLEAN_SETTINGS) {
            assertEquals(setting, Boolean.FALSE, service.getProperty(TaskDefinition.PREFIX_ + setting));
        }

        Map<String, Object> capability = declaredTask(service.getBundle(), "success").getAttributes();
        assertEquals("success", capability.get(TaskDefinition.NAMESPACE));
        assertEquals(Long.valueOf(0), capability.get("timeoutSec"));
        assertEquals(Long.valueOf(-1), capability.get("minRuntimeMs"));
        for (String setting : BOOLEAN_SETTINGS) {
            assertEquals(setting, "false", capability.get(setting));
        }
    }

    @Test
    public void timeoutDeclaresItsOneSecondInBoth() throws Exception {
        ServiceReference<BackgroundTask> service = awaitTask(context, "timeout");
        assertEquals(Integer.valueOf(1), service.getProperty(TaskDefinition.PREFIX_ + "timeoutSec"));
        assertEquals(Long.valueOf(1), declaredTask(service.getBundle(), "timeout").getAttributes().get("timeoutSec"));
    }

    @Test
    public void noOutputIsABooleanPropertyAndAnUntypedAttribute() throws Exception {
        ServiceReference<BackgroundTask> service = awaitTask(context, "no_output");
        assertEquals(Boolean.TRUE, service.getProperty(TaskDefinition.PREFIX_ + "noOutput"));
        assertEquals("true", declaredTask(service.getBundle(), "no_output").getAttributes().get("noOutput"));
    }

    /**
     * Every test-only task's bundle declares that one task in its manifest, and has a component with the
     * same name and settings; every task service registered carries them too. Some test tasks reference platform services that only the
     * launcher registers (BackgroundTasksRunner, DefaultProfile): here their components wait unregistered,
     * so the full comparison goes through SCR's descriptions, which exist whether or not a component is
     * satisfied.
     */
    @Test
    public void everyDeclaredTaskHasAComponentWithTheSameSettings() throws Exception {
        awaitTask(context, "success");
        List<Bundle> bundles = Arrays.stream(context.getBundles())
                .filter(b -> b.getSymbolicName().startsWith(TASK_BUNDLE_PREFIX)).collect(Collectors.toList());
        assertFalse("the test-only tasks' bundles are installed", bundles.isEmpty());
        Map<String, Map<String, Object>> declared = new TreeMap<>();
        Map<String, Map<String, Object>> components = new TreeMap<>();
        for (Bundle bundle : bundles) {
            List<BundleCapability> tasks = declaredTasks(bundle);
            assertEquals("tasks declared by " + bundle, 1, tasks.size());
            String task = (String) tasks.get(0).getAttributes().get(TaskDefinition.NAMESPACE);
            assertEquals("named after its task", TASK_BUNDLE_PREFIX + task, bundle.getSymbolicName());
            declared.put(task, tasks.get(0).getAttributes());
            for (ComponentDescriptionDTO description : scr.getComponentDescriptionDTOs(bundle)) {
                if (List.of(description.serviceInterfaces).contains(BackgroundTask.class.getName())) {
                    String name = (String) description.properties.get(TaskComponents.NAME);
                    assertNotNull(description.name + " provides a task without a name", name);
                    assertNull(name + " declared twice", components.put(name, description.properties));
                }
            }
        }
        assertFalse(declared.isEmpty());
        assertEquals("tasks declared in the manifest and as components", declared.keySet(), components.keySet());
        for (Map.Entry<String, Map<String, Object>> task : declared.entrySet()) {
            assertSameSettings("component " + task.getKey(), task.getValue(), components.get(task.getKey())::get);
        }

        List<ServiceReference<BackgroundTask>> registered = context.getServiceReferences(BackgroundTask.class, null).stream()
                .filter(r -> bundles.contains(r.getBundle()))
                .collect(Collectors.toList());
        assertFalse(registered.isEmpty());
        for (ServiceReference<BackgroundTask> service : registered) {
            String name = (String) service.getProperty(TaskComponents.NAME);
            assertTrue("service " + name + " without a capability", declared.containsKey(name));
            assertSameSettings("service " + name, declared.get(name), service::getProperty);
        }
    }

    private ServiceReference<BackgroundTask> awaitTask(BundleContext context, String name) throws InterruptedException {
        return FrameworkTaskRun.awaitService(context, name, FrameworkTaskRun.DEFAULT_TIMEOUT);
    }

    /** The tasks a bundle declares in its manifest, as the launcher reads them without starting anything. */
    private static List<BundleCapability> declaredTasks(Bundle bundle) {
        return bundle.adapt(BundleRevision.class).getDeclaredCapabilities(TaskDefinition.NAMESPACE);
    }

    private static BundleCapability declaredTask(Bundle bundle, String name) {
        List<BundleCapability> matching = declaredTasks(bundle).stream()
                .filter(c -> name.equals(c.getAttributes().get(TaskDefinition.NAMESPACE)))
                .collect(Collectors.toList());
        assertEquals("capabilities of task " + name + " in " + bundle, 1, matching.size());
        return matching.get(0);
    }

    /** Integer and Boolean properties against Long and untyped String attributes. */
    private static void assertSameSettings(String task, Map<String, Object> capability, Function<String, Object> properties) {
        for (String setting : LONG_SETTINGS) {
            Object property = properties.apply(TaskDefinition.PREFIX_ + setting);
            assertTrue(task + " " + setting + " = " + property, property instanceof Integer);
            assertEquals(task + " " + setting, capability.get(setting), Long.valueOf((Integer) property));
        }
        for (String setting : BOOLEAN_SETTINGS) {
            Object property = properties.apply(TaskDefinition.PREFIX_ + setting);
            assertTrue(task + " " + setting + " = " + property, property instanceof Boolean);
            assertEquals(task + " " + setting, capability.get(setting), property.toString());
        }
    }
}
