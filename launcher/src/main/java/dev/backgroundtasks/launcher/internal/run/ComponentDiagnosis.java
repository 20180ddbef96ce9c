package dev.backgroundtasks.launcher.internal.run;

import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;

import dev.backgroundtasks.api.TaskDefinition;

/**
 * Why a bundle's components registered nothing, as {@code ServiceComponentRuntime} reports it. The
 * DS runtime API lives in a bundle the launcher's class path does not see, so its DTOs are read
 * reflectively; their public fields are specified by OSGi and stable.
 */
final class ComponentDiagnosis {
    private static final String SCR = "org.osgi.service.component.runtime.ServiceComponentRuntime";
    private static final String TASK_SERVICE = "dev.backgroundtasks.api.BackgroundTask";

    private ComponentDiagnosis() {
    }

    static String of(BundleContext context, Bundle bundle) {
        ServiceReference<?> ref = context.getServiceReference(SCR);
        if (ref == null) {
            return "Declarative Services (SCR) is not running";
        }
        Object scr = context.getService(ref);
        try {
            Method descriptions = find(scr.getClass(), "getComponentDescriptionDTOs");
            Method configurations = find(scr.getClass(), "getComponentConfigurationDTOs");
            Object descs = descriptions.invoke(scr, (Object) new Bundle[] {bundle});
            List<String> reasons = new ArrayList<>();
            int count = 0;
            for (Object desc : (Iterable<?>) descs) {
                count++;
                String name = (String) field(desc, "name");
                Object configs = configurations.invoke(scr, desc);
                int n = 0;
                for (Object config : (Iterable<?>) configs) {
                    n++;
                    int state = (Integer) field(config, "state");
                    Object unsatisfied = field(config, "unsatisfiedReferences");
                    for (int i = 0; unsatisfied != null && i < Array.getLength(unsatisfied); i++) {
                        Object u = Array.get(unsatisfied, i);
                        String refName = (String) field(u, "name");
                        reasons.add("component " + name + ": unsatisfied reference '" + refName + "' to "
                                + interfaceOf(desc, refName) + (field(u, "target") == null ? "" : " " + field(u, "target")));
                    }
                    if (state == ComponentConfigurationDTO.FAILED_ACTIVATION) {
                        Object failure = fieldOrNull(config, "failure");
                        reasons.add("component " + name + ": activation failed" + (failure == null ? "" : ": " + failure));
                    }
                }
                if (n == 0) {
                    String policy = (String) field(desc, "configurationPolicy");
                    boolean enabled = (Boolean) field(desc, "defaultEnabled");
                    if (!enabled) {
                        reasons.add("component " + name + ": disabled");
                    } else if ("require".equals(policy)) {
                        String[] pids = (String[]) field(desc, "configurationPid");
                        reasons.add("component " + name + ": missing configuration " + String.join(", ", pids));
                    }
                }
            }
            if (count == 0) {
                return "the bundle has no Declarative Services component (no Service-Component header)";
            }
            return reasons.isEmpty() ? "no component of the bundle provides the task" : String.join("; ", reasons);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return "ServiceComponentRuntime could not be asked (" + e + ")";
        } finally {
            context.ungetService(ref);
        }
    }

    /**
     * A task component with {@code configuration-policy="require"} that has no configuration once everything
     * started: nothing will configure it later (conf/ is applied before components activate), so the run
     * fails at once instead of waiting for the service. Null when there is none.
     */
    static String missingConfiguration(BundleContext context, Bundle bundle, String task, String confFolder) {
        ServiceReference<?> ref = context.getServiceReference(SCR);
        if (ref == null) {
            return null;
        }
        Object scr = context.getService(ref);
        try {
            Method descriptions = find(scr.getClass(), "getComponentDescriptionDTOs");
            Method configurations = find(scr.getClass(), "getComponentConfigurationDTOs");
            for (Object desc : (Iterable<?>) descriptions.invoke(scr, (Object) new Bundle[] {bundle})) {
                String[] services = (String[]) field(desc, "serviceInterfaces");
                if (!"require".equals(field(desc, "configurationPolicy")) || !(Boolean) field(desc, "defaultEnabled")
                        || services == null || !java.util.Arrays.asList(services).contains(TASK_SERVICE)
                        || !task.equals(((java.util.Map<?, ?>) field(desc, "properties")).get(TaskDefinition.PREFIX_ + "name"))
                        || ((java.util.Collection<?>) configurations.invoke(scr, desc)).size() > 0) {
                    continue;
                }
                return "component " + field(desc, "name") + " requires a configuration and has none: add one for PID "
                        + String.join(", ", (String[]) field(desc, "configurationPid")) + " to a JSON file in " + confFolder;
            }
            return null;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        } finally {
            context.ungetService(ref);
        }
    }

    private static String interfaceOf(Object desc, String refName) throws ReflectiveOperationException {
        Object refs = field(desc, "references");
        for (int i = 0; refs != null && i < Array.getLength(refs); i++) {
            Object r = Array.get(refs, i);
            if (refName.equals(field(r, "name"))) {
                return (String) field(r, "interfaceName");
            }
        }
        return "?";
    }

    /** A method of one of the interfaces the object implements (its class is the SCR bundle's). */
    static Method find(Class<?> type, String name) throws NoSuchMethodException {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            for (Class<?> i : c.getInterfaces()) {
                for (Method m : i.getMethods()) {
                    if (m.getName().equals(name)) {
                        return m;
                    }
                }
            }
        }
        throw new NoSuchMethodException(name);
    }

    private static Object field(Object target, String name) throws ReflectiveOperationException {
        Field f = target.getClass().getField(name);
        return f.get(target);
    }

    private static Object fieldOrNull(Object target, String name) {
        try {
            return field(target, name);
        } catch (ReflectiveOperationException e) {
            return null;
        }
    }
}
