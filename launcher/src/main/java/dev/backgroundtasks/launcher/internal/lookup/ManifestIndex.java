package dev.backgroundtasks.launcher.internal.lookup;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.backgroundtasks.launcher.internal.files.SafeFiles;

/**
 * Start-up design: what lookup needs from each jar's manifest, kept between runs in the runtime
 * directory and keyed by path, with the jar's size, modification time, inode and change time. A run then
 * stats the jars of the task folders instead of opening each one: a known jar costs one {@code stat} and
 * one map lookup, and its bundle is made from the header slots kept here (docs/performance.md, sixth pass).
 * A jar that changed (a new version, a half-copied file finished) has a new size or time and is read again;
 * the index is rewritten (write, then rename) only when something changed, and holds only jars that still
 * exist. Without a runtime directory yet, nothing is cached.
 */
public final class ManifestIndex {
    static final String FILE = "manifests.index";
    private static final boolean UNIX = java.nio.file.FileSystems.getDefault().supportedFileAttributeViews().contains("unix");

    /** The file's first line: an index of another format is read as empty, and rewritten. */
    private static final String VERSION = "backgroundtasks manifest index 3 (path|size|mtime|inode|ctime|slots)\n";
    /** The field count of a jar that is not a usable bundle: its reason and its raw Provide-Capability follow. */
    private static final String INVALID = "invalid";
    /** The field count of a usable bundle: its header slots follow. */
    private static final String SLOTS = String.valueOf(BundleManifest.HEADERS.size());

    /** What the index knows of one jar: its stamp, then its header slots or why it is not a usable bundle. */
    static final class Entry {
        final long size;
        final long mtime;
        final long inode;
        final long ctime;
        /** The slots of {@link BundleManifest#HEADERS}, or null for a jar that is not a usable bundle. */
        final String[] headers;
        final String invalid;
        final String declared;

        Entry(long size, long mtime, long inode, long ctime, String[] headers, String invalid, String declared) {
            this.size = size;
            this.mtime = mtime;
            this.inode = inode;
            this.ctime = ctime;
            this.headers = headers;
            this.invalid = invalid;
            this.declared = declared;
        }

        boolean sameStamp(long size, long mtime, long inode, long ctime) {
            return this.size == size && this.mtime == mtime && this.inode == inode && this.ctime == ctime;
        }

        /** A header's slot by its name (tests). */
        String header(String name) {
            int slot = BundleManifest.HEADERS.indexOf(name);
            return headers == null || slot < 0 ? null : headers[slot];
        }
    }

    private final Path file;
    /** Per jar's absolute path, what the index file held. */
    private final Map<String, Entry> cached = new HashMap<>();
    /** Per jar's absolute path, what this run found: the next index. */
    private final Map<String, Entry> seen = new LinkedHashMap<>();
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
     * The records after the version line, each field written as its length, a colon and its text: the jar's
     * path, size, modification time, inode and change time, then the number of header slots and the slots
     * (an empty field for an absent header, else {@code =} and the value), or {@link #INVALID}, the reason
     * and the raw Provide-Capability. Start-up design: a field is cut by its length, so reading the index
     * never scans the text of the headers for separators. False when the file is of another format or
     * malformed. A missing file is an empty index.
     */
    static boolean parse(byte[] bytes, Map<String, Entry> into) {
        if (bytes == null) {
            return true;
        }
        Fields in = new Fields(new String(bytes, StandardCharsets.UTF_8));
        if (!in.text.startsWith(VERSION)) {
            return false;
        }
        in.at = VERSION.length();
        try {
            while (in.at < in.text.length()) {
                String path = in.field();
                long size = in.number();
                long mtime = in.number();
                long inode = in.number();
                long ctime = in.number();
                String count = in.field();
                if (count.equals(INVALID)) {
                    String reason = in.field();
                    String declared = in.field();
                    into.put(path, new Entry(size, mtime, inode, ctime, null, reason, declared.isEmpty() ? null : declared));
                    continue;
                }
                if (!count.equals(SLOTS)) {
                    return false;
                }
                String[] headers = new String[BundleManifest.HEADERS.size()];
                for (int i = 0; i < headers.length; i++) {
                    headers[i] = in.slot();
                }
                if (headers[BundleManifest.SYMBOLIC_NAME] == null) {
                    return false;
                }
                into.put(path, new Entry(size, mtime, inode, ctime, headers, null, null));
            }
        } catch (IllegalArgumentException malformed) {
            return false;
        }
        return true;
    }

    /** The index's text read field by field; a field cut short or a bad length is malformed. */
    private static final class Fields {
        final String text;
        int at;

        Fields(String text) {
            this.text = text;
        }

        /** The length before the colon, moving past the colon. */
        private int length() {
            int n = 0;
            for (int digits = 0;; digits++) {
                if (at >= text.length() || digits > 9) {
                    throw new IllegalArgumentException("a length cut short");
                }
                char c = text.charAt(at++);
                if (c == ':' && digits > 0) {
                    return n;
                }
                if (c < '0' || c > '9') {
                    throw new IllegalArgumentException("not a length");
                }
                n = n * 10 + (c - '0');
            }
        }

        String field() {
            int length = length();
            if (length > text.length() - at) {
                throw new IllegalArgumentException("a field cut short");
            }
            String field = text.substring(at, at + length);
            at += length;
            return field;
        }

        /** A header slot: null for an empty field, else the value after its {@code =}. */
        String slot() {
            int length = length();
            if (length == 0) {
                return null;
            }
            if (length > text.length() - at || text.charAt(at) != '=') {
                throw new IllegalArgumentException("not a slot");
            }
            String value = text.substring(at + 1, at + length);
            at += length;
            return value;
        }

        /** A field holding a number, read without making a string of it. */
        long number() {
            int length = length();
            if (length == 0 || length > 20 || length > text.length() - at) {
                throw new IllegalArgumentException("not a number");
            }
            long n = Long.parseLong(text, at, at + length, 10);
            at += length;
            return n;
        }
    }

    /** The jar's manifest as lookup reads it, from the index when the jar is unchanged. */
    BundleManifest read(Path jar) throws BundleManifest.InvalidBundleException {
        Map<String, Object> a = regular(jar);
        long size = (Long) a.get("size");
        long mtime = ((FileTime) a.get("lastModifiedTime")).to(TimeUnit.NANOSECONDS);
        long inode = UNIX ? (Long) a.get("ino") : 0;
        long ctime = UNIX ? ((FileTime) a.get("ctime")).to(TimeUnit.NANOSECONDS) : 0;
        String path = (jar.isAbsolute() ? jar : jar.toAbsolutePath()).toString();
        Entry known = cached.get(path);
        if (known != null && known.sameStamp(size, mtime, inode, ctime)) {
            seen.put(path, known);
            if (known.headers == null) {
                throw new BundleManifest.InvalidBundleException(known.invalid, known.declared);
            }
            return BundleManifest.validated(jar, known.headers);
        }
        changed = true;
        try {
            String[] headers = BundleManifest.headers(jar);
            BundleManifest bundle = BundleManifest.of(jar, headers);
            seen.put(path, new Entry(size, mtime, inode, ctime, headers, null, null));
            return bundle;
        } catch (BundleManifest.InvalidBundleException e) {
            seen.put(path, new Entry(size, mtime, inode, ctime, null, e.getMessage(), e.declared()));
            throw e;
        }
    }

    /**
     * A {@code *.jar} that is not a regular file (a directory, a dangling link, a link loop, a FIFO) is
     * skipped like any other unusable jar, and never opened: opening a FIFO would block the run. One stat per
     * jar: what the stamp needs and what says whether it is a file. The inode and the change time are in the
     * stamp (docs/reliability.md, rule 13): a jar replaced by another of the same size and modification time
     * (unpacking a reproducible-build zip) has a new change time, which no one can set back, so it is read
     * afresh.
     */
    private static Map<String, Object> regular(Path jar) throws BundleManifest.InvalidBundleException {
        Map<String, Object> a;
        try {
            a = Files.readAttributes(jar, UNIX ? "unix:size,lastModifiedTime,isRegularFile,isDirectory,ino,ctime"
                    : "size,lastModifiedTime,isRegularFile,isDirectory");
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

    private static void field(StringBuilder content, String field) {
        content.append(field.length()).append(':').append(field);
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
        for (Map.Entry<String, Entry> e : seen.entrySet()) {
            Entry entry = e.getValue();
            field(content, e.getKey());
            field(content, String.valueOf(entry.size));
            field(content, String.valueOf(entry.mtime));
            field(content, String.valueOf(entry.inode));
            field(content, String.valueOf(entry.ctime));
            if (entry.headers == null) {
                field(content, INVALID);
                field(content, entry.invalid);
                field(content, entry.declared == null ? "" : entry.declared);
                continue;
            }
            field(content, SLOTS);
            for (String slot : entry.headers) {
                field(content, slot == null ? "" : "=" + slot);
            }
        }
        try {
            SafeFiles.replace(file, content.toString().getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            // the next run reads the jars again
        }
    }
}
