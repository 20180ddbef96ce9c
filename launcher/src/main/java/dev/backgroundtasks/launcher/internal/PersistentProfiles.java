package dev.backgroundtasks.launcher.internal;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.Map;
import java.util.Properties;

/**
 * Persistent profiles (contract section 6, Firefox's {@code [BackgroundTasksProfiles]}): one per
 * installation and task under the per-user data directory, named {@code <8 random chars>.<prefix>}
 * and recorded in {@code profiles.properties}, which is updated atomically under a lock.
 */
final class PersistentProfiles {
    static final String REGISTRY = "profiles.properties";
    private static final String SALT_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789";

    private PersistentProfiles() {
    }

    /** The data directory: $BACKGROUNDTASKS_DATA_DIR, else $XDG_DATA_HOME/backgroundtasks, else ~/.local/share/backgroundtasks. */
    static Path dataDirectory(Map<String, String> env) {
        String data = env.get("BACKGROUNDTASKS_DATA_DIR");
        if (data != null && !data.isEmpty()) {
            return Path.of(data);
        }
        String xdg = env.get("XDG_DATA_HOME");
        if (xdg != null && !xdg.isEmpty()) {
            return Path.of(xdg, "backgroundtasks");
        }
        return Path.of(System.getProperty("user.home"), ".local", "share", "backgroundtasks");
    }

    /** The recorded directory of prefix, created (and recorded) when unknown or vanished. */
    static Path directory(Path dataDirectory, String prefix, Console console) throws IOException {
        Directories.createPrivateIfMissing(dataDirectory);
        Path registry = dataDirectory.resolve(REGISTRY);
        try (FileChannel channel = FileChannel.open(dataDirectory.resolve(REGISTRY + ".lock"),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE); FileLock lock = channel.lock()) {
            Properties records = new Properties();
            if (Files.isRegularFile(registry)) {
                try (Reader r = Files.newBufferedReader(registry, StandardCharsets.UTF_8)) {
                    records.load(r);
                }
            }
            String recorded = records.getProperty(prefix);
            if (recorded != null) {
                Path dir = dataDirectory.resolve(recorded);
                if (Files.isDirectory(dir)) {
                    return dir;
                }
                console.warn("profile directory " + dir + " does not exist, creating a new one");
            }
            Path dir = dataDirectory.resolve(salt() + "." + prefix);
            Directories.createPrivateIfMissing(dir);
            records.setProperty(prefix, dir.getFileName().toString());
            Path tmp = dataDirectory.resolve(REGISTRY + ".tmp");
            try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                records.store(w, "Persistent profiles of background tasks: prefix = directory");
            }
            try {
                Files.move(tmp, registry, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, registry, StandardCopyOption.REPLACE_EXISTING);
            }
            return dir;
        }
    }

    private static String salt() {
        SecureRandom random = new SecureRandom();
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            b.append(SALT_CHARS.charAt(random.nextInt(SALT_CHARS.length())));
        }
        return b.toString();
    }
}
