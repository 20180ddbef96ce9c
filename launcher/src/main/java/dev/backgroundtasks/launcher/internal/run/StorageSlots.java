package dev.backgroundtasks.launcher.internal.run;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.CodeSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import dev.backgroundtasks.launcher.internal.files.SafeFiles;
import dev.backgroundtasks.launcher.internal.profile.RuntimeDirectory;

/**
 * A small pool of prepared framework storages per installation, in its runtime directory: a run takes a
 * free slot (its own file lock, tried once, never waited for) and Felix finds the bundle cache and SCR's
 * parsed component metadata ({@code ds.cache.metadata}) of the previous run with the same jars. When
 * every slot is busy, or a slot cannot be used, the run gets a fresh storage as before, so any number of
 * concurrent runs still work (docs/performance.md, "Framework storage slots").
 *
 * <p>A slot is {@code storage-slot-N/} (0700) holding {@code felix/}, the storage, and {@code key}, the
 * jars it was prepared for. The key is removed when a run takes the slot and written back only after
 * its framework stopped cleanly and every bundle's data area but SCR's cache was wiped: a slot whose key
 * is missing or differs (another closure, a changed jar, a run killed mid-way) is wiped and made anew.
 */
final class StorageSlots {
    /** How many slots an installation has: a run beyond these uses a fresh storage. */
    static final int SLOTS = 4;
    /** The number of slots, for benchmarks and tests only: {@code 0} turns the pool off (docs/reference/environment.md). */
    static final String ENV = "BACKGROUNDTASKS_STORAGE_SLOTS";
    /** SCR's component metadata cache in its bundle data area, the one file a reused slot keeps. */
    static final String SCR_CACHE = "componentMetadataStore";
    static final String SCR = "org.apache.felix.scr";
    private static final Set<String> SCR_FILES = Set.of(SCR_CACHE);
    /** Felix's own files in {@code bundle0/}, the system bundle's folder: the next bundle id and the JDK it last ran on. */
    private static final Set<String> FELIX_SYSTEM_FILES = Set.of("bundle.id", "last.java.version");
    private static final int MAX_SLOTS = 64;
    private static final String KEY = "key";
    private static final String STORAGE = "felix";
    private static final String VERSION = "backgroundtasks storage slot 1\n";

    private StorageSlots() {
    }

    /** The number of slots: {@link #SLOTS}, or {@link #ENV} when it is a number from 0 to 64. */
    static int count(Map<String, String> env) {
        String value = env.get(ENV);
        if (value != null && !value.isEmpty()) {
            try {
                int n = Integer.parseInt(value.trim());
                if (n >= 0 && n <= MAX_SLOTS) {
                    return n;
                }
            } catch (NumberFormatException notANumber) {
                // the default
            }
        }
        return SLOTS;
    }

    /** A free slot prepared for {@code jars}, or empty: none is free or usable, or the pool is off. */
    static Optional<FrameworkStorage> take(RuntimeDirectory runtime, List<Path> jars, Map<String, String> env) {
        int n = count(env);
        if (n == 0) {
            return Optional.empty();
        }
        String key = key(jars);
        if (key == null) {
            return Optional.empty();
        }
        for (int i = 0; i < n; i++) {
            String name = "storage-slot-" + i;
            Optional<RuntimeDirectory.Lock> lock;
            try {
                lock = runtime.tryLock(name + ".lock", false);
            } catch (IOException | RuntimeException unusable) {
                continue;
            }
            if (lock.isPresent()) {
                FrameworkStorage storage = prepare(runtime.path().resolve(name), key, lock.get());
                if (storage != null) {
                    return Optional.of(storage);
                }
                lock.get().close();
            }
        }
        return Optional.empty();
    }

    /** The slot's storage, reused when its key is {@code key}, else wiped and made anew; null when unusable. */
    private static FrameworkStorage prepare(Path slot, String key, RuntimeDirectory.Lock lock) {
        try {
            if (Files.isSymbolicLink(slot)) {
                return null; // never followed, never removed: not the platform's
            }
            SafeFiles.ensurePrivateDirectory(slot);
            Path keyFile = slot.resolve(KEY);
            Path storage = slot.resolve(STORAGE);
            boolean same = key.equals(readKey(keyFile));
            Files.deleteIfExists(keyFile); // taken: a run that ends any other way than cleanly leaves it to be wiped
            if (same && Files.isDirectory(storage, LinkOption.NOFOLLOW_LINKS) && SafeFiles.isOwnedByMe(storage)) {
                return FrameworkStorage.slot(storage, true, slot, key, lock);
            }
            if (!SafeFiles.removeTree(storage)) {
                return null;
            }
            SafeFiles.createPrivateDirectory(storage);
            return FrameworkStorage.slot(storage, false, slot, key, lock);
        } catch (IOException | RuntimeException unusable) {
            return null;
        }
    }

    private static String readKey(Path keyFile) {
        try {
            return new String(SafeFiles.readRegular(keyFile, false), StandardCharsets.UTF_8);
        } catch (NoSuchFileException none) {
            return null;
        } catch (IOException | RuntimeException unreadable) {
            return null;
        }
    }

    /**
     * What a slot is prepared for: the launcher jar (it holds Felix) and each jar in install order, each
     * as {@link #appendFile} describes it; null when one cannot be read.
     */
    static String key(List<Path> jars) {
        StringBuilder key = new StringBuilder(VERSION);
        try {
            CodeSource launcher = StorageSlots.class.getProtectionDomain().getCodeSource();
            if (launcher != null && "file".equals(launcher.getLocation().getProtocol())) {
                appendFile(key, Path.of(launcher.getLocation().toURI()));
            }
            for (Path jar : jars) {
                appendFile(key, jar.toAbsolutePath());
            }
        } catch (IOException | RuntimeException | java.net.URISyntaxException unreadable) {
            return null;
        }
        return key.toString();
    }

    /**
     * A jar's path, size, modification time and, where the file system has them, its file key (device
     * and inode) and change time: a build that stamps every jar with one fixed modification time still
     * changes the change time, which no tool sets back.
     */
    private static void appendFile(StringBuilder key, Path file) throws IOException {
        BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
        key.append(file).append('\t').append(attributes.size()).append('\t')
                .append(attributes.lastModifiedTime().toMillis()).append('\t').append(attributes.fileKey());
        try {
            key.append('\t').append(Files.getAttribute(file, "unix:ctime"));
        } catch (UnsupportedOperationException | IllegalArgumentException noUnixView) {
            // size, modification time and file key only
        }
        key.append('\n');
    }

    /**
     * After a clean stop: removes every bundle the run did not install itself (one a task installed), every
     * bundle's data area but SCR's cache, then writes the key. Any failure leaves the slot unsealed.
     */
    static void seal(Path slot, Path storage, String key, Set<Long> installed, long scrId) {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(storage)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                long id = bundleId(name);
                if (id < 0) {
                    continue;
                }
                boolean wiped;
                if (id == 0) {
                    wiped = keepOnly(entry, FELIX_SYSTEM_FILES); // the system bundle's data area is its own folder
                } else if (!installed.contains(id)) {
                    wiped = SafeFiles.removeTree(entry);
                } else if (id == scrId) {
                    wiped = keepOnly(entry.resolve("data"), SCR_FILES);
                } else {
                    wiped = SafeFiles.removeTree(entry.resolve("data"));
                }
                if (!wiped) {
                    return;
                }
            }
            try (OutputStream out = Files.newOutputStream(slot.resolve(KEY), StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
                out.write(key.getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException | RuntimeException unsealed) {
            // the next run wipes the slot
        }
    }

    /** The id of Felix's {@code bundleN} folder, or -1 for any other name. */
    private static long bundleId(String name) {
        if (!name.startsWith("bundle") || name.length() == 6 || name.length() > 24) {
            return -1;
        }
        for (int i = 6; i < name.length(); i++) {
            if (name.charAt(i) < '0' || name.charAt(i) > '9') {
                return -1;
            }
        }
        return Long.parseLong(name.substring(6));
    }

    /** Removes everything in the folder {@code dir} but the regular files {@code keep}; whether that worked. */
    private static boolean keepOnly(Path dir, Set<String> keep) throws IOException {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return true;
        }
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return SafeFiles.removeTree(dir);
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                boolean kept = keep.contains(entry.getFileName().toString())
                        && Files.isRegularFile(entry, LinkOption.NOFOLLOW_LINKS);
                if (!kept && !SafeFiles.removeTree(entry)) {
                    return false;
                }
            }
        }
        return true;
    }
}
