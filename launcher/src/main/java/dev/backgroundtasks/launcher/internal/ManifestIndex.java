package dev.backgroundtasks.launcher.internal;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Properties;
import java.util.jar.Attributes;

/**
 * Start-up design: what lookup needs from each jar's manifest, kept between runs in the runtime
 * directory and keyed by path, size and modification time. A run then stats the jars of the task
 * folders instead of opening each one: 300 unrelated bundles cost 300 {@code stat} calls. A jar that
 * changed (a new version, a half-copied file finished) has a new size or time and is read again; the
 * index is rewritten (write, then rename) only when something changed, and holds only jars that still
 * exist. Without a runtime directory yet, nothing is cached.
 */
final class ManifestIndex {
    static final String FILE = "manifests.index";
    private static final List<String> HEADERS = List.of("Bundle-SymbolicName", "Bundle-ManifestVersion",
            "Bundle-Version", "Fragment-Host", "Export-Package", "Import-Package", "Require-Bundle",
            "Require-Capability", "Provide-Capability");
    private static final String INVALID = "invalid";

    private final Path file;
    private final Properties cached = new Properties();
    private final Properties seen = new Properties();
    private boolean changed;

    private ManifestIndex(Path file) {
        this.file = file;
    }

    /** The index of this runtime directory; an index that cannot be read is an empty one. */
    static ManifestIndex in(Path runtimeDirectory) {
        ManifestIndex index = new ManifestIndex(runtimeDirectory == null ? null : runtimeDirectory.resolve(FILE));
        if (index.file != null && Files.isRegularFile(index.file)) {
            try (Reader r = Files.newBufferedReader(index.file, StandardCharsets.UTF_8)) {
                index.cached.load(r);
            } catch (IOException | IllegalArgumentException e) {
                index.cached.clear();
            }
        }
        return index;
    }

    /** The jar's manifest as lookup reads it, from the index when the jar is unchanged. */
    BundleManifest read(Path jar) throws BundleManifest.InvalidBundleException {
        String key;
        try {
            BasicFileAttributes a = Files.readAttributes(jar, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            key = jar.toAbsolutePath() + "|" + a.size() + "|" + a.lastModifiedTime().toMillis() + "|";
        } catch (IOException e) {
            return BundleManifest.read(jar);
        }
        if (cached.containsKey(key + INVALID)) {
            copy(key);
            throw new BundleManifest.InvalidBundleException(cached.getProperty(key + INVALID));
        }
        if (cached.containsKey(key + "Bundle-SymbolicName")) {
            copy(key);
            Attributes main = new Attributes();
            for (String h : HEADERS) {
                String v = cached.getProperty(key + h);
                if (v != null) {
                    main.putValue(h, v);
                }
            }
            return BundleManifest.validated(jar, main);
        }
        changed = true;
        java.util.jar.Manifest manifest;
        try (java.util.jar.JarFile f = new java.util.jar.JarFile(jar.toFile(), false)) {
            manifest = f.getManifest();
        } catch (IOException | SecurityException e) {
            return invalid(key, "not a valid jar (" + e.getMessage() + ")");
        }
        if (manifest == null) {
            return invalid(key, "not a bundle (no manifest)");
        }
        Attributes main = manifest.getMainAttributes();
        try {
            BundleManifest bundle = BundleManifest.of(jar, main);
            for (String h : HEADERS) {
                String v = main.getValue(h);
                if (v != null) {
                    seen.setProperty(key + h, v);
                }
            }
            return bundle;
        } catch (BundleManifest.InvalidBundleException e) {
            return invalid(key, e.getMessage());
        }
    }

    private BundleManifest invalid(String key, String reason) throws BundleManifest.InvalidBundleException {
        seen.setProperty(key + INVALID, reason);
        throw new BundleManifest.InvalidBundleException(reason);
    }

    private void copy(String key) {
        for (String h : HEADERS) {
            String v = cached.getProperty(key + h);
            if (v != null) {
                seen.setProperty(key + h, v);
            }
        }
        String invalid = cached.getProperty(key + INVALID);
        if (invalid != null) {
            seen.setProperty(key + INVALID, invalid);
        }
    }

    /** Writes the index when a jar was read or one disappeared; failures only cost the next run time. */
    void save() {
        if (file == null || !Files.isDirectory(file.getParent())) {
            return;
        }
        if (!changed && seen.size() == cached.size()) {
            return;
        }
        Path tmp = file.resolveSibling(FILE + "." + ProcessHandle.current().pid() + ".tmp");
        try {
            try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                seen.store(w, "Manifests of candidate jars: path|size|mtime|header");
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // nothing to clean
            }
        }
    }
}
