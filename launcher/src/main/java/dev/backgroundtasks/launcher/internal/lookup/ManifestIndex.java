package dev.backgroundtasks.launcher.internal.lookup;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;

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

    /** The file's first line: an index of another format is read as empty, and rewritten. */
    private static final String VERSION = "backgroundtasks manifest index 2 (" + KEY_FORMAT + ")\n";

    private final Path file;
    /** Per jar key: its headers (or INVALID and INVALID_DECLARED) as name, value, name, value... */
    private final Map<String, List<String>> cached = new HashMap<>();
    private final Map<String, List<String>> seen = new LinkedHashMap<>();
    private boolean changed;

    private ManifestIndex(Path file) {
        this.file = file;
    }

    /** The index of this runtime directory; an index that cannot be read is an empty one. */
    public static ManifestIndex in(Path runtimeDirectory) {
        ManifestIndex index = new ManifestIndex(runtimeDirectory == null ? null : runtimeDirectory.resolve(FILE));
        if (index.file != null) {
            try {
                index.changed = !parse(SafeFiles.readRegular(index.file), index.cached);
            } catch (IOException | RuntimeException unreadable) {
                index.changed = true;
            }
            if (index.changed) {
                index.cached.clear(); // rebuilt by save()
            }
        }
        return index;
    }

    /**
     * The records after the version line, each NUL-terminated: the jar's key, the number of fields, then
     * the fields (no path, header value or message holds a NUL); false when the file is of another format
     * or malformed. A missing file is an empty index.
     */
    static boolean parse(byte[] bytes, Map<String, List<String>> into) {
        if (bytes == null) {
            return true;
        }
        String text = new String(bytes, StandardCharsets.UTF_8);
        if (!text.startsWith(VERSION)) {
            return false;
        }
        int at = VERSION.length();
        while (at < text.length()) {
            int end = text.indexOf('\0', at);
            int countEnd = end < 0 ? -1 : text.indexOf('\0', end + 1);
            if (countEnd < 0) {
                return false;
            }
            String key = text.substring(at, end);
            int count;
            try {
                count = Integer.parseInt(text.substring(end + 1, countEnd));
            } catch (NumberFormatException e) {
                return false;
            }
            if (count < 0 || count > 2 * (HEADERS.size() + 2)) {
                return false;
            }
            List<String> fields = new ArrayList<>(count);
            at = countEnd + 1;
            for (int i = 0; i < count; i++) {
                int next = text.indexOf('\0', at);
                if (next < 0) {
                    return false;
                }
                fields.add(text.substring(at, next));
                at = next + 1;
            }
            into.put(key, fields);
        }
        return true;
    }

    /** The jar's manifest as lookup reads it, from the index when the jar is unchanged. */
    BundleManifest read(Path jar) throws BundleManifest.InvalidBundleException {
        String key = key(jar, regular(jar));
        List<String> known = cached.get(key);
        if (known != null) {
            seen.put(key, known);
            Attributes main = new Attributes();
            String invalid = null;
            String declared = null;
            for (int i = 0; i + 1 < known.size(); i += 2) {
                String name = known.get(i);
                if (name.equals(INVALID)) {
                    invalid = known.get(i + 1);
                } else if (name.equals(INVALID_DECLARED)) {
                    declared = known.get(i + 1);
                } else {
                    main.putValue(name, known.get(i + 1));
                }
            }
            if (invalid != null) {
                throw new BundleManifest.InvalidBundleException(invalid, declared);
            }
            if (main.getValue("Bundle-SymbolicName") != null) {
                return BundleManifest.validated(jar, main);
            }
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
        List<String> fields = new ArrayList<>();
        try {
            BundleManifest bundle = BundleManifest.of(jar, main);
            for (String h : HEADERS) {
                String v = main.getValue(h);
                if (v != null) {
                    fields.add(h);
                    fields.add(v);
                }
            }
            seen.put(key, fields);
            return bundle;
        } catch (BundleManifest.InvalidBundleException e) {
            if (e.declared() != null) {
                fields.add(INVALID_DECLARED);
                fields.add(e.declared());
            }
            fields.add(INVALID);
            fields.add(e.getMessage());
            seen.put(key, fields);
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
        seen.put(key, List.of(INVALID, reason));
        throw new BundleManifest.InvalidBundleException(reason);
    }

    /** A manifest holds no NUL; an exception's message might: it would end its field early. */
    private static String noNul(String field) {
        return field.indexOf('\0') < 0 ? field : field.replace('\0', ' ');
    }

    /** Writes the index when a jar was read or one disappeared; failures only cost the next run time. */
    void save() {
        if (file == null || !Files.isDirectory(file.getParent())) {
            return;
        }
        if (!changed && seen.size() == cached.size()) {
            return;
        }
        StringBuilder content = new StringBuilder(VERSION);
        for (Map.Entry<String, List<String>> e : seen.entrySet()) {
            content.append(e.getKey()).append('\0').append(e.getValue().size()).append('\0');
            for (String field : e.getValue()) {
                content.append(noNul(field)).append('\0');
            }
        }
        try {
            SafeFiles.replace(file, content.toString().getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            // the next run reads the jars again
        }
    }
}
