package dev.backgroundtasks.launcher.internal.lookup;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.Properties;
import java.util.jar.Attributes;

import dev.backgroundtasks.launcher.internal.files.PlatformFile;
import dev.backgroundtasks.launcher.internal.files.SafeFiles;

/**
 * Start-up design: what lookup needs from each jar's manifest, kept between runs in the runtime
 * directory and keyed by path, size, modification time, inode and change time. A run then stats the jars of the task
 * folders instead of opening each one: 300 unrelated bundles cost 300 {@code stat} calls. A jar that
 * changed (a new version, a half-copied file finished) has a new size or time and is read again; the
 * index is rewritten (write, then rename) only when something changed, and holds only jars that still
 * exist. Without a runtime directory yet, nothing is cached.
 */
public final class ManifestIndex {
    static final String FILE = "manifests.index";
    private static final List<String> HEADERS = List.of("Bundle-SymbolicName", "Bundle-ManifestVersion",
            "Bundle-Version", "Fragment-Host", "Export-Package", "Import-Package", "Require-Bundle",
            "Require-Capability", "Provide-Capability");
    private static final String INVALID = "invalid";
    private static final boolean UNIX = java.nio.file.FileSystems.getDefault().supportedFileAttributeViews().contains("unix");
    private static final String INVALID_DECLARED = "invalid.Provide-Capability";
    private static final String KEY_FORMAT = "path|size|mtime|inode|ctime";

    private final Path file;
    private final Properties cached = new Properties();
    private final Properties seen = new Properties();
    private boolean changed;

    private ManifestIndex(Path file) {
        this.file = file;
    }

    /** The index of this runtime directory; an index that cannot be read is an empty one. */
    public static ManifestIndex in(Path runtimeDirectory) {
        ManifestIndex index = new ManifestIndex(runtimeDirectory == null ? null : runtimeDirectory.resolve(FILE));
        if (index.file != null) {
            try {
                index.cached.putAll(PlatformFile.load(index.file));
            } catch (SafeFiles.Refusal corrupt) {
                index.cached.clear(); // rebuilt by save()
                index.changed = true;
            }
        }
        return index;
    }

    /** The jar's manifest as lookup reads it, from the index when the jar is unchanged. */
    BundleManifest read(Path jar) throws BundleManifest.InvalidBundleException {
        String key = key(jar, regular(jar));
        if (cached.containsKey(key + INVALID)) {
            copy(key);
            throw new BundleManifest.InvalidBundleException(cached.getProperty(key + INVALID),
                    cached.getProperty(key + INVALID_DECLARED));
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
            if (e.declared() != null) {
                seen.setProperty(key + INVALID_DECLARED, e.declared());
            }
            seen.setProperty(key + INVALID, e.getMessage());
            throw e;
        }
    }

    /**
     * A {@code *.jar} that is not a regular file (a directory, a dangling link, a link loop, a FIFO) is
     * skipped like any other unusable jar, and never opened: opening a FIFO would block the run.
     */
    private static Map<String, Object> regular(Path jar) throws BundleManifest.InvalidBundleException {
        Map<String, Object> a;
        try {
            // one stat per jar: what the key needs and what says whether it is a file
            a = Files.readAttributes(jar, UNIX ? "unix:size,lastModifiedTime,isRegularFile,isDirectory,ino,ctime"
                    : "size,lastModifiedTime,isRegularFile,isDirectory,fileKey");
        } catch (IOException e) {
            throw new BundleManifest.InvalidBundleException(Files.isSymbolicLink(jar) && e instanceof java.nio.file.NoSuchFileException
                    ? "not a regular file (a dangling symbolic link)" : "cannot be read (" + SafeFiles.reason(jar, e) + ")");
        }
        if (!Boolean.TRUE.equals(a.get("isRegularFile"))) {
            throw new BundleManifest.InvalidBundleException("not a regular file (" + (Boolean.TRUE.equals(a.get("isDirectory"))
                    ? "a directory" : "a FIFO, socket or device") + ")");
        }
        return a;
    }

    /**
     * Path, size and modification time, and the inode and change time (docs/reliability.md, rule 13): a
     * jar replaced by another of the same size and modification time (unpacking a reproducible-build
     * zip) has a new change time, which no one can set back, so it is read afresh.
     */
    private static String key(Path jar, Map<String, Object> a) {
        String identity = UNIX ? a.get("ino") + "|" + ((FileTime) a.get("ctime")).to(TimeUnit.NANOSECONDS)
                : String.valueOf(a.get("fileKey"));
        return jar.toAbsolutePath() + "|" + a.get("size") + "|" + ((FileTime) a.get("lastModifiedTime")).to(TimeUnit.NANOSECONDS)
                + "|" + identity + "|";
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
        for (String suffix : List.of(INVALID, INVALID_DECLARED)) {
            String value = cached.getProperty(key + suffix);
            if (value != null) {
                seen.setProperty(key + suffix, value);
            }
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
        try {
            java.io.ByteArrayOutputStream content = new java.io.ByteArrayOutputStream();
            seen.store(new java.io.OutputStreamWriter(content, StandardCharsets.UTF_8), "Manifests of candidate jars: "
                    + KEY_FORMAT + "|header");
            SafeFiles.replace(file, content.toByteArray());
        } catch (IOException e) {
            // the next run reads the jars again
        }
    }
}
