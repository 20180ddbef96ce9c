package dev.backgroundtasks.itests.framework;

import static dev.backgroundtasks.itests.framework.TaskServices.awaitTask;
import static dev.backgroundtasks.itests.framework.TaskServices.declaredTask;
import static dev.backgroundtasks.itests.framework.TaskServices.declaredTasks;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;

import java.util.List;
import java.util.Map;
import java.util.TreeSet;
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

import dev.backgroundtasks.api.BackgroundTask;
import dev.backgroundtasks.api.TaskDefinition;

/**
 * {@code @TaskDefinition} is one source for a task's name and settings: the DS service properties the
 * runtime sees and the manifest capability the launcher reads without starting anything say the same,
 * defaults included. Settings are typed Integer and Boolean in the service properties, Long and
 * untyped String in the capability (OSGi has no Boolean attribute type).
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class TaskDeclarationIT {
    private static final String[] LONG_SETTINGS = {"timeoutSec", "minRuntimeMs"};
    private static final String[] BOOLEAN_SETTINGS = {"noOutput", "persistentProfile", "updating", "exclusive"};

    @Inject
    private BundleContext context;

    @Configuration
    public Option[] config() {
        return Platform.with(Platform.reactorBundle(Platform.TESTING_TASKS));
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

    @Test
    public void everyDeclaredTaskIsRegisteredWithTheSameSettings() throws Exception {
        Bundle bundle = awaitTask(context, "success").getBundle();
        List<BundleCapability> declared = declaredTasks(bundle);
        assertFalse(declared.isEmpty());
        for (BundleCapability capability : declared) {
            Map<String, Object> attributes = capability.getAttributes();
            String name = (String) attributes.get(TaskDefinition.NAMESPACE);
            ServiceReference<BackgroundTask> service = awaitTask(context, name);
            assertEquals(name, bundle, service.getBundle());
            for (String setting : LONG_SETTINGS) {
                Object property = service.getProperty(TaskDefinition.PREFIX_ + setting);
                assertEquals(name + " " + setting, attributes.get(setting), Long.valueOf(((Integer) property).longValue()));
            }
            for (String setting : BOOLEAN_SETTINGS) {
                Object property = service.getProperty(TaskDefinition.PREFIX_ + setting);
                assertEquals(name + " " + setting, attributes.get(setting), ((Boolean) property).toString());
            }
        }

        // and no task service without its capability
        TreeSet<String> registered = context.getServiceReferences(BackgroundTask.class, null).stream()
                .filter(r -> r.getBundle().equals(bundle))
                .map(r -> (String) r.getProperty(TaskDefinition.PREFIX_ + "name"))
                .collect(Collectors.toCollection(TreeSet::new));
        TreeSet<String> declaredNames = declared.stream()
                .map(c -> (String) c.getAttributes().get(TaskDefinition.NAMESPACE))
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(declaredNames, registered);
    }
}
