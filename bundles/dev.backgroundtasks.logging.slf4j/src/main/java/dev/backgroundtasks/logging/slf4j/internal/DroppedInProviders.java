package dev.backgroundtasks.logging.slf4j.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URL;
import java.nio.charset.StandardCharsets;

import org.osgi.framework.Bundle;
import org.osgi.framework.wiring.BundleCapability;
import org.osgi.framework.wiring.BundleWire;
import org.osgi.framework.wiring.BundleWiring;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * Providers in other bundles, found as the OSGi Service Loader Mediator (Compendium chapter 133) finds them:
 * bundles wired to slf4j's SPI package that declare an {@code osgi.serviceloader} capability for
 * {@link SLF4JServiceProvider}, the class named by its {@code register} directive or by the bundle's
 * {@code META-INF/services} file.
 */
final class DroppedInProviders {
    private static final String NAMESPACE = "osgi.serviceloader";
    private static final String SERVICE = SLF4JServiceProvider.class.getName();

    private DroppedInProviders() {
    }

    static SLF4JServiceProvider first(Bundle slf4j) {
        BundleWiring wiring = slf4j == null ? null : slf4j.adapt(BundleWiring.class);
        if (wiring == null) {
            return null;
        }
        for (BundleWire wire : wiring.getProvidedWires("osgi.wiring.package")) {
            if (!"org.slf4j.spi".equals(wire.getCapability().getAttributes().get("osgi.wiring.package"))) {
                continue;
            }
            Bundle provider = wire.getRequirer().getBundle();
            for (BundleCapability c : wire.getRequirer().getDeclaredCapabilities(NAMESPACE)) {
                if (SERVICE.equals(c.getAttributes().get(NAMESPACE))) {
                    SLF4JServiceProvider found = instantiate(provider, c.getDirectives().get("register"));
                    if (found != null) {
                        return found;
                    }
                }
            }
        }
        return null;
    }

    private static SLF4JServiceProvider instantiate(Bundle bundle, String register) {
        try {
            String className = register != null ? register.trim() : servicesFile(bundle);
            if (className == null) {
                return null;
            }
            return (SLF4JServiceProvider) bundle.loadClass(className).getConstructor().newInstance();
        } catch (ReflectiveOperationException | ClassCastException | IOException | IllegalStateException e) {
            System.err.println("SLF4J: the provider of " + bundle.getSymbolicName() + " cannot be created: " + e);
            return null;
        }
    }

    private static String servicesFile(Bundle bundle) throws IOException {
        URL entry = bundle.getEntry("META-INF/services/" + SERVICE);
        if (entry == null) {
            return null;
        }
        try (BufferedReader r = new BufferedReader(new InputStreamReader(entry.openStream(), StandardCharsets.UTF_8))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                String name = line.replaceFirst("#.*", "").trim();
                if (!name.isEmpty()) {
                    return name;
                }
            }
        }
        return null;
    }
}
