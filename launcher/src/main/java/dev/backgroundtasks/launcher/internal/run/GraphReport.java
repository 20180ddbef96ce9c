package dev.backgroundtasks.launcher.internal.run;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;

import dev.backgroundtasks.launcher.internal.files.SafeFiles;
import dev.backgroundtasks.launcher.internal.output.Console;
import dev.backgroundtasks.launcher.internal.output.LogFormat;
import dev.backgroundtasks.launcher.internal.output.Phases;

/**
 * The graph report of {@code BACKGROUNDTASKS_GRAPH_FILE} (the counterpart of Firefox's XPCOM-graph
 * test): what a run installed, activated, registered and notified, and its phase times, as JSON.
 * The framework's part is captured just before shutdown, when everything the run loaded is there.
 */
final class GraphReport {
    private final Map<String, Object> report = new LinkedHashMap<>();

    GraphReport(String mode, String task) {
        report.put("mode", mode);
        report.put("task", task);
        report.put("bundles", List.of());
        report.put("components", List.of());
        report.put("services", List.of());
        report.put("categories", List.of());
        report.put("phases", Map.of());
        report.put("preparedFramework", false);
    }

    /** The run adopted the framework a warm host prepared for it ({@link PreparedFramework}). */
    void prepared() {
        report.put("preparedFramework", true);
    }

    /** Captures bundles, activated components and services from a running framework. */
    void capture(BundleContext context, List<Categories.Notified> notified) {
        List<Object> bundles = new ArrayList<>();
        for (Bundle b : context.getBundles()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("symbolicName", b.getSymbolicName());
            m.put("version", b.getVersion().toString());
            m.put("location", b.getLocation());
            m.put("state", state(b.getState()));
            bundles.add(m);
        }
        report.put("bundles", bundles);
        List<Object> services = new ArrayList<>();
        try {
            ServiceReference<?>[] refs = context.getAllServiceReferences(null, null);
            for (ServiceReference<?> ref : refs == null ? new ServiceReference<?>[0] : refs) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("objectClass", Arrays.asList((String[]) ref.getProperty(Constants.OBJECTCLASS)));
                m.put("bundle", ref.getBundle() == null ? null : ref.getBundle().getSymbolicName());
                services.add(m);
            }
        } catch (org.osgi.framework.InvalidSyntaxException | IllegalStateException stopped) {
            // no filter to get wrong; a framework already stopped has no services to report
        }
        report.put("services", services);
        report.put("components", activeComponents(context));
        List<Object> categories = new ArrayList<>();
        notified.forEach(n -> categories.add(Categories.entry(n)));
        report.put("categories", categories);
    }

    void phases(Map<String, Double> phases) {
        Map<String, Object> rounded = new LinkedHashMap<>();
        phases.forEach((k, v) -> rounded.put(k, Math.round(v * 10) / 10.0));
        report.put("phases", rounded);
    }

    /** Writes a run's report with its phases, if the run asked for one; a failure is reported, not fatal. */
    static void write(GraphReport graph, String file, Phases phases, Console console) {
        if (graph == null) {
            return;
        }
        graph.phases(phases.millis());
        try {
            graph.write(SafeFiles.pathOf("BACKGROUNDTASKS_GRAPH_FILE", file));
        } catch (IOException e) {
            console.error("cannot write the graph report " + SafeFiles.describe(Path.of(file), e));
        } catch (RuntimeException e) {
            console.error("cannot write the graph report " + file + ": " + e.getMessage());
        }
    }

    void write(Path file) throws IOException {
        StringBuilder b = new StringBuilder();
        json(b, report, "");
        b.append('\n');
        SafeFiles.writeTo(file, b.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** The DS components with an ACTIVE configuration, from ServiceComponentRuntime's DTOs. */
    private static List<Object> activeComponents(BundleContext context) {
        List<Object> result = new ArrayList<>();
        ServiceReference<?> ref = context.getServiceReference("org.osgi.service.component.runtime.ServiceComponentRuntime");
        if (ref == null) {
            return result;
        }
        Object scr = context.getService(ref);
        try {
            Method descriptions = ComponentDiagnosis.find(scr.getClass(), "getComponentDescriptionDTOs");
            Method configurations = ComponentDiagnosis.find(scr.getClass(), "getComponentConfigurationDTOs");
            for (Object desc : (Iterable<?>) descriptions.invoke(scr, (Object) new Bundle[0])) {
                for (Object config : (Iterable<?>) configurations.invoke(scr, desc)) {
                    if ((Integer) config.getClass().getField("state").get(config) == ComponentConfigurationDTO.ACTIVE) {
                        Object bundle = desc.getClass().getField("bundle").get(desc);
                        Map<String, Object> m = new LinkedHashMap<>();
                        m.put("name", desc.getClass().getField("name").get(desc));
                        m.put("bundle", bundle.getClass().getField("symbolicName").get(bundle));
                        result.add(m);
                        break;
                    }
                }
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            // SCR could not be asked: no components to report
        } finally {
            context.ungetService(ref);
        }
        return result;
    }

    private static String state(int state) {
        switch (state) {
            case Bundle.ACTIVE: return "ACTIVE";
            case Bundle.STARTING: return "STARTING";
            case Bundle.STOPPING: return "STOPPING";
            case Bundle.RESOLVED: return "RESOLVED";
            case Bundle.INSTALLED: return "INSTALLED";
            default: return "UNINSTALLED";
        }
    }

    private static void json(StringBuilder b, Object value, String indent) {
        if (value == null) {
            b.append("null");
        } else if (value instanceof String s) {
            LogFormat.appendJson(b, s);
        } else if (value instanceof Number || value instanceof Boolean) {
            b.append(value);
        } else if (value instanceof Map<?, ?> map) {
            b.append('{');
            String inner = indent + "  ";
            boolean first = true;
            for (Map.Entry<?, ?> e : map.entrySet()) {
                b.append(first ? "\n" : ",\n").append(inner);
                json(b, String.valueOf(e.getKey()), inner);
                b.append(": ");
                json(b, e.getValue(), inner);
                first = false;
            }
            b.append(first ? "}" : "\n" + indent + "}");
        } else if (value instanceof List<?> list) {
            b.append('[');
            String inner = indent + "  ";
            boolean first = true;
            for (Object o : list) {
                b.append(first ? "\n" : ",\n").append(inner);
                json(b, o, inner);
                first = false;
            }
            b.append(first ? "]" : "\n" + indent + "]");
        } else {
            json(b, value.toString(), indent);
        }
    }
}
