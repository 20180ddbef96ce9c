package dev.backgroundtasks.launcher.internal.run;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.backgroundtasks.api.FrameworkProperties;

import dev.backgroundtasks.launcher.internal.files.Installation;
import dev.backgroundtasks.launcher.internal.lookup.BundleClosure;
import dev.backgroundtasks.launcher.internal.lookup.BundleManifest;
import dev.backgroundtasks.launcher.internal.lookup.ConfFolder;
import dev.backgroundtasks.launcher.internal.lookup.SystemBundleCapabilities;
import dev.backgroundtasks.launcher.internal.output.Console;

/**
 * The logging and configuration bundles a task's closure needs, beyond its own requirements (the
 * README's "Shipped libraries"). Nothing is added to a closure that uses neither, so {@code success} installs
 * what it did before.
 * <ul>
 * <li>Configuration Admin comes when a bundle of the closure imports {@code org.osgi.service.cm} or
 * requires its service, or when {@code conf/} holds a configuration for a PID one of its components takes.
 * With it come the Felix Configurator and the interpolation plugin when {@code conf/} holds anything, and
 * the Log Service, so that their own messages reach stderr in the platform's format.</li>
 * <li>A fragment whose host is in the closure comes with its host, as the framework would attach it (the
 * platform's SLF4J provider is a fragment of slf4j-api).</li>
 * <li>These bundles start first, in dependency order, so that configurations are applied and logging works
 * before any component of the task is activated.</li>
 * </ul>
 */
final class LoggingAndConfiguration {
    static final String SLF4J = "slf4j.api";
    static final String LOG = "org.apache.felix.log";
    static final String CONFIGURATION_ADMIN = "org.apache.felix.configadmin";
    static final String CONFIGURATOR = "org.apache.felix.configurator";
    static final String LOGBACK = "ch.qos.logback.classic";
    /** Started before everything else, in this order. */
    private static final List<String> FIRST = List.of(SLF4J, LOG, ConfFolder.INTERPOLATION, CONFIGURATION_ADMIN,
            CONFIGURATOR);

    private LoggingAndConfiguration() {
    }

    /** The closure completed and ordered; the same list when nothing is needed. */
    static List<BundleManifest> complete(List<BundleManifest> closure, List<BundleManifest> candidates,
            Installation installation, ConfFolder conf) {
        Map<String, BundleManifest> bySymbolicName = new LinkedHashMap<>();
        closure.forEach(b -> bySymbolicName.put(b.symbolicName(), b));
        BundleClosure resolver = new BundleClosure(new SystemBundleCapabilities(
                Launcher.platformPackages(installation).keySet()));
        boolean changed = true;
        boolean configurationChecked = false;
        while (changed) {
            changed = false;
            if (!bySymbolicName.containsKey(CONFIGURATION_ADMIN) && !configurationChecked) {
                configurationChecked = true;
                if (usesConfigurationAdmin(bySymbolicName.values()) || conf.configuresAny(new ArrayList<>(bySymbolicName.values()))) {
                    changed |= add(CONFIGURATION_ADMIN, candidates, resolver, bySymbolicName);
                }
            }
            if (bySymbolicName.containsKey(CONFIGURATION_ADMIN)) {
                changed |= add(LOG, candidates, resolver, bySymbolicName);
                if (!conf.isEmpty()) {
                    changed |= add(ConfFolder.INTERPOLATION, candidates, resolver, bySymbolicName);
                    changed |= add(CONFIGURATOR, candidates, resolver, bySymbolicName);
                }
            }
            for (BundleManifest candidate : candidates) {
                if (candidate.isFragment() && bySymbolicName.containsKey(candidate.fragmentHost())
                        && !bySymbolicName.containsKey(candidate.symbolicName())) {
                    addWithClosure(candidate, candidates, resolver, bySymbolicName);
                    changed = true;
                }
            }
        }
        boolean any = false;
        for (String name : FIRST) {
            any |= bySymbolicName.containsKey(name);
        }
        return any ? startOrder(bySymbolicName.values()) : closure;
    }

    /**
     * The bundles in the order they start: logging and configuration first (in dependency order), so that
     * the Configurator and the task's components find the Log Service (without it, the Configurator prints
     * its debug lines on stdout), then the others in their given order.
     */
    static List<BundleManifest> startOrder(Collection<BundleManifest> bundles) {
        List<BundleManifest> ordered = new ArrayList<>();
        for (String name : FIRST) {
            for (BundleManifest b : bundles) {
                if (name.equals(b.symbolicName())) {
                    ordered.add(b);
                }
            }
        }
        for (BundleManifest b : bundles) {
            if (!FIRST.contains(b.symbolicName())) {
                ordered.add(b);
            }
        }
        return ordered;
    }

    /**
     * Applies conf/ when the run installs the Configurator: every bundle in normal mode (a null closure), the
     * closure in background mode. The folder's warnings are printed only then. A logback-classic the run
     * installs gets the platform's stderr configuration.
     */
    static void frameworkProperties(Map<String, String> properties, List<BundleManifest> closure, ConfFolder conf,
            Map<String, String> env, Console console) {
        if (!conf.isEmpty()) {
            properties.put(FrameworkProperties.CONFIGURATIONS, conf.summary());
        }
        boolean applies = closure == null;
        boolean logback = closure == null;
        for (int i = 0; closure != null && i < closure.size(); i++) {
            applies |= closure.get(i).symbolicName().equals(CONFIGURATOR);
            logback |= closure.get(i).symbolicName().equals(LOGBACK);
        }
        if (logback) {
            LogBridge.configureLogback();
        }
        if (applies) {
            conf.warnings().forEach(console::warnAlways);
            conf.frameworkProperties(properties, env);
        }
    }

    private static boolean usesConfigurationAdmin(Iterable<BundleManifest> bundles) {
        for (BundleManifest b : bundles) {
            for (BundleManifest.Requirement r : b.requirements()) {
                String filter = r.filterText();
                if (!r.optional() && filter != null && (filter.contains("(osgi.wiring.package=org.osgi.service.cm)")
                        || filter.contains("(objectClass=org.osgi.service.cm.ConfigurationAdmin)"))) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean add(String symbolicName, List<BundleManifest> candidates, BundleClosure resolver,
            Map<String, BundleManifest> closure) {
        if (closure.containsKey(symbolicName)) {
            return false;
        }
        for (BundleManifest candidate : candidates) {
            if (candidate.symbolicName().equals(symbolicName)) {
                addWithClosure(candidate, candidates, resolver, closure);
                return true;
            }
        }
        return false;
    }

    private static void addWithClosure(BundleManifest root, List<BundleManifest> candidates, BundleClosure resolver,
            Map<String, BundleManifest> closure) {
        for (BundleManifest b : resolver.of(root, candidates)) {
            closure.putIfAbsent(b.symbolicName(), b);
        }
    }
}
