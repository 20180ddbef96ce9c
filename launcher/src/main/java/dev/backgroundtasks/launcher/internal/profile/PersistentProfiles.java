package dev.backgroundtasks.launcher.internal.profile;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Map;
import java.util.Properties;

import dev.backgroundtasks.launcher.internal.files.FileLocks;
import dev.backgroundtasks.launcher.internal.files.PlatformFile;
import dev.backgroundtasks.launcher.internal.files.SafeFiles;
import dev.backgroundtasks.launcher.internal.output.Console;

/**
 * Persistent profiles (docs/reference/profiles.md, Firefox's {@code [BackgroundTasksProfiles]}): one per
 * installation and task under the per-user data directory, named {@code <8 random chars>.<prefix>}
 * and recorded in {@code profiles.properties}, which is updated atomically under a lock. The lock
 * wait is bounded; a registry that cannot be read is moved aside and rebuilt.
 */
public final class PersistentProfiles {
    static final String REGISTRY = "profiles.properties";
    static final long LOCK_WAIT_MS = 10_000;
    private static final String SALT_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789";

    private PersistentProfiles() {
    }

    /** The data directory: $BACKGROUNDTASKS_DATA_DIR, else $XDG_DATA_HOME/backgroundtasks, else ~/.local/share/backgroundtasks. */
    public static Path dataDirectory(Map<String, String> env) {
        String data = env.get("BACKGROUNDTASKS_DATA_DIR");
        if (data != null && !data.isEmpty()) {
            return SafeFiles.pathOf("BACKGROUNDTASKS_DATA_DIR", data);
        }
        String xdg = env.get("XDG_DATA_HOME");
        if (xdg != null && !xdg.isEmpty()) {
            return SafeFiles.pathOf("XDG_DATA_HOME", xdg, "backgroundtasks");
        }
        return Path.of(System.getProperty("user.home"), ".local", "share", "backgroundtasks");
    }

    /** The recorded directory of prefix, created (and recorded) when unknown or vanished. */
    public static Path directory(Path dataDirectory, String prefix, Console console) throws IOException {
        SafeFiles.ensurePrivateDirectory(dataDirectory);
        Path registry = dataDirectory.resolve(REGISTRY);
        Path lockFile = dataDirectory.resolve(REGISTRY + ".lock");
        try (FileLocks.Held lock = FileLocks.lock(lockFile, false, LOCK_WAIT_MS).orElseThrow(() -> new IOException(
                lockFile + " is held by another process for more than " + LOCK_WAIT_MS / 1000 + " s"))) {
            Properties records = read(registry, console);
            String recorded = records.getProperty(prefix);
            if (recorded != null) {
                Path dir = dataDirectory.resolve(recorded);
                if (Files.isDirectory(dir)) {
                    return dir;
                }
                console.warn("profile directory " + dir + " does not exist, creating a new one");
            }
            Path dir = dataDirectory.resolve(salt() + "." + prefix);
            SafeFiles.ensurePrivateDirectory(dir);
            records.setProperty(prefix, dir.getFileName().toString());
            ByteArrayOutputStream content = new ByteArrayOutputStream();
            records.store(content, "Persistent profiles of background tasks: prefix = directory");
            SafeFiles.replace(registry, content.toByteArray());
            return dir;
        }
    }

    /** The records; a registry that is not UTF-8 properties is moved aside with a warning and rebuilt. */
    private static Properties read(Path registry, Console console) throws IOException {
        Properties records = new Properties();
        byte[] bytes = SafeFiles.readRegular(registry);
        if (bytes == null) {
            return records;
        }
        try {
            records.load(new StringReader(PlatformFile.decode(registry, bytes)));
            return records;
        } catch (IllegalArgumentException | SafeFiles.Refusal e) {
            Path aside = registry.resolveSibling(REGISTRY + ".corrupt");
            Files.move(registry, aside, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            console.warnAlways(e.getMessage() + "; moved aside to " + aside + " and rebuilt");
            return new Properties();
        }
    }

    private static String salt() {
        SecureRandom random = SafeFiles.random();
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            b.append(SALT_CHARS.charAt(random.nextInt(SALT_CHARS.length())));
        }
        return b.toString();
    }
}
