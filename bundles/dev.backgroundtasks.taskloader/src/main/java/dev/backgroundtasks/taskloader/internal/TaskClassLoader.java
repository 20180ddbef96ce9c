package dev.backgroundtasks.taskloader.internal;

import java.io.IOException;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.osgi.framework.Bundle;
import org.osgi.framework.namespace.BundleNamespace;
import org.osgi.framework.namespace.PackageNamespace;
import org.osgi.framework.wiring.BundleWire;
import org.osgi.framework.wiring.BundleWiring;

/**
 * The context class loader of a task's thread: what the task bundle sees. Classes and
 * resources come from the task bundle's class loader; {@code META-INF/services} entries also come from
 * every bundle the task bundle is wired to, since a bundle class loader looks for them only in its own
 * bundle. So {@code ServiceLoader.load(X.class)} in a library, {@code DriverManager} and Jackson's
 * {@code findAndRegisterModules()} find the implementations the task imports; loading each one goes
 * through the task bundle again, so only what the task can see is found.
 *
 * <p>The launcher sets it on the task's event loop; the kit's {@code FrameworkTaskRun} does the same in a
 * pax-exam framework, so an in-framework test sees what an installation gives the task.
 */
public final class TaskClassLoader extends ClassLoader {
    private static final String SERVICES = "META-INF/services/";
    /** The wires to the bundles a task imports from: Import-Package and Require-Bundle. */
    private static final String[] IMPORTS = {PackageNamespace.PACKAGE_NAMESPACE, BundleNamespace.BUNDLE_NAMESPACE};

    static {
        registerAsParallelCapable();
    }

    private final Bundle task;

    public TaskClassLoader(Bundle task) {
        // no parent: the JDK's classes reach the task through the framework's boot delegation
        super("backgroundtask:" + task.getSymbolicName(), null);
        this.task = task;
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
        return task.loadClass(name);
    }

    @Override
    protected URL findResource(String name) {
        return task.getResource(name);
    }

    @Override
    protected Enumeration<URL> findResources(String name) throws IOException {
        Map<String, URL> found = new LinkedHashMap<>();
        add(found, task.getResources(name));
        if (name.startsWith(SERVICES)) {
            BundleWiring wiring = task.adapt(BundleWiring.class);
            if (wiring != null) {
                for (String namespace : IMPORTS) {
                    for (BundleWire wire : wiring.getRequiredWires(namespace)) {
                        Bundle provider = wire.getProvider().getBundle();
                        if (provider.getBundleId() != 0 && provider != task) {
                            add(found, provider.getResources(name));
                        }
                    }
                }
            }
        }
        return Collections.enumeration(new ArrayList<>(found.values()));
    }

    private static void add(Map<String, URL> found, Enumeration<URL> urls) {
        if (urls != null) {
            List<URL> list = Collections.list(urls);
            for (URL u : list) {
                found.putIfAbsent(u.toExternalForm(), u);
            }
        }
    }
}
