package dev.backgroundtasks.launcher.internal.lookup;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/** Builds manifests and bundle jars for the launcher's unit tests. */
public final class TestBundles {
    static final String TASK_NAMESPACE = "dev.backgroundtasks.task";

    private TestBundles() {
    }

    /** Main attributes of an OSGi R4+ bundle, then the given header/value pairs. */
    static Attributes attributes(String symbolicName, String version, String... headers) {
        Attributes main = new Attributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Bundle-ManifestVersion", "2");
        main.putValue("Bundle-SymbolicName", symbolicName);
        if (version != null) {
            main.putValue("Bundle-Version", version);
        }
        return with(main, headers);
    }

    static Attributes with(Attributes main, String... headers) {
        if (headers.length % 2 != 0) {
            throw new IllegalArgumentException("headers come in name/value pairs");
        }
        for (int i = 0; i < headers.length; i += 2) {
            main.putValue(headers[i], headers[i + 1]);
        }
        return main;
    }

    /** A manifest read from memory, as the closure sees it. */
    static BundleManifest manifest(String symbolicName, String... headers) {
        try {
            return BundleManifest.of(Path.of(symbolicName + ".jar"), attributes(symbolicName, "1.0.0", headers));
        } catch (BundleManifest.InvalidBundleException e) {
            throw new AssertionError(e);
        }
    }

    /** Writes a jar with these main attributes and one class-like entry. */
    static Path jar(Path file, Attributes main) throws IOException {
        Files.createDirectories(file.getParent());
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().putAll(main);
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        try (OutputStream out = Files.newOutputStream(file); JarOutputStream jar = new JarOutputStream(out, manifest)) {
            jar.putNextEntry(new JarEntry("x/Y.txt"));
            jar.write(new byte[] {1, 2, 3});
            jar.closeEntry();
        }
        return file;
    }

    /** Writes a jar without any manifest. */
    static Path jarWithoutManifest(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        try (OutputStream out = Files.newOutputStream(file); JarOutputStream jar = new JarOutputStream(out)) {
            jar.putNextEntry(new JarEntry("x/Y.txt"));
            jar.write(new byte[] {1, 2, 3});
            jar.closeEntry();
        }
        return file;
    }

    /** A bundle jar declaring tasks with the capability the annotation writes. */
    public static Path taskJar(Path folder, String fileName, String symbolicName, String version, String... taskNames)
            throws IOException {
        StringBuilder capability = new StringBuilder();
        for (String name : taskNames) {
            if (capability.length() > 0) {
                capability.append(',');
            }
            capability.append(TASK_NAMESPACE).append(';').append(TASK_NAMESPACE).append('=').append(name)
                    .append(";timeoutSec:Long=1;noOutput=true");
        }
        Attributes main = attributes(symbolicName, version);
        if (capability.length() > 0) {
            main.putValue("Provide-Capability", capability.toString());
        }
        return jar(folder.resolve(fileName), main);
    }
}
