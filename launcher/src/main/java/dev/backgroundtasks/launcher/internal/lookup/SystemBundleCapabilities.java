package dev.backgroundtasks.launcher.internal.lookup;

import java.util.Set;

import org.osgi.framework.Filter;

/**
 * What the system bundle will provide, known before the framework starts: the JDK's packages (those
 * the boot layer exports), the OSGi core packages Felix exports, and the platform packages the
 * launcher adds with {@code org.osgi.framework.system.packages.extra}.
 */
public final class SystemBundleCapabilities {
    private static final String[] FRAMEWORK_PACKAGE_PREFIXES = {
        "org.osgi.framework", "org.osgi.resource", "org.osgi.dto", "org.osgi.util.tracker",
        "org.osgi.service.packageadmin", "org.osgi.service.startlevel", "org.osgi.service.url",
        "org.osgi.service.resolver", "org.osgi.service.condition"
    };

    private final Set<String> extraPackages;
    private final java.util.Map<String, Boolean> jdkPackages = new java.util.HashMap<>();

    public SystemBundleCapabilities(Set<String> extraPackages) {
        this.extraPackages = Set.copyOf(extraPackages);
    }

    /** Asked per imported package, so that only the few a closure imports are looked up. */
    private boolean isJdkPackage(String pkg) {
        return jdkPackages.computeIfAbsent(pkg, p -> {
            for (Module module : ModuleLayer.boot().modules()) {
                if (module.getPackages().contains(p) && module.isExported(p)) {
                    return true;
                }
            }
            return false;
        });
    }

    /** Services the launcher registers on the system bundle (Launcher, NormalRun). */
    private static final java.util.List<java.util.Map<String, Object>> PLATFORM_SERVICES = java.util.List.of(
            service("dev.backgroundtasks.api.BackgroundTasksRunner"), service("dev.backgroundtasks.api.DefaultProfile"),
            service("dev.backgroundtasks.api.Preferences"), service("dev.backgroundtasks.api.Shutdown"),
            service("dev.backgroundtasks.api.Application"));

    private static java.util.Map<String, Object> service(String objectClass) {
        return java.util.Map.of("objectClass", java.util.List.of(objectClass));
    }

    boolean satisfies(BundleManifest.Requirement requirement) {
        if (requirement.namespace().equals(BundleManifest.SERVICE_NAMESPACE)) {
            // a component referencing a platform service needs no bundle for it: the closure stops
            // here instead of searching every candidate (and 300 unrelated bundles) in vain
            for (java.util.Map<String, Object> service : PLATFORM_SERVICES) {
                if (requirement.filter() != null && requirement.filter().matches(service)) {
                    return true;
                }
            }
            return false;
        }
        if (!requirement.namespace().equals(BundleManifest.PACKAGE_NAMESPACE)) {
            return false;
        }
        String pkg = requirement.packageName();
        if (pkg == null) {
            return false;
        }
        if (pkg.startsWith("java.") || extraPackages.contains(pkg) || isJdkPackage(pkg)) {
            return true;
        }
        for (String prefix : FRAMEWORK_PACKAGE_PREFIXES) {
            if (pkg.equals(prefix) || pkg.startsWith(prefix + ".")) {
                return true;
            }
        }
        return false;
    }

    /** The package an {@code osgi.wiring.package} filter names, as BundleManifest writes it. */
    static String packageOf(Filter filter) {
        if (filter == null) {
            return null;
        }
        String text = filter.toString();
        String key = "(" + BundleManifest.PACKAGE_NAMESPACE + "=";
        int start = text.indexOf(key);
        if (start < 0) {
            return null;
        }
        int end = text.indexOf(')', start);
        return text.substring(start + key.length(), end);
    }
}
