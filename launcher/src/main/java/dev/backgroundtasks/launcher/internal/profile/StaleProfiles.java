package dev.backgroundtasks.launcher.internal.profile;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import dev.backgroundtasks.launcher.internal.files.SafeFiles;
import dev.backgroundtasks.launcher.internal.output.Console;

/**
 * Firefox's RemoveStaleEphemeralProfileDirectories, narrowed: only {@code prefix} or
 * {@code prefix.<digits>} (never another task whose name merely starts the same), older than the
 * threshold, not locked by a live run, at most 5 per run so that the task itself is not delayed.
 * Only directories the running user owns, removed through {@link SafeFiles#removeTree}: in a shared
 * temp root another user's directory of the same name is left alone (docs/reliability.md, rule 1).
 */
public final class StaleProfiles {
    static final long DEFAULT_THRESHOLD_MS = 60_000;
    static final int MAX_REMOVED = 5;

    private StaleProfiles() {
    }

    /** The purge threshold from BACKGROUNDTASKS_PURGE_STALE_PROFILES: empty means never. */
    public static Optional<Long> threshold(String setting, Console console) {
        if (setting == null || setting.isEmpty()) {
            return Optional.of(DEFAULT_THRESHOLD_MS);
        }
        if (setting.equals("never")) {
            return Optional.empty();
        }
        if (setting.equals("always")) {
            return Optional.of(0L);
        }
        try {
            long ms = Long.parseLong(setting);
            if (ms >= 0) {
                return Optional.of(ms);
            }
        } catch (NumberFormatException e) {
            // fall through to the warning
        }
        console.warnAlways("BACKGROUNDTASKS_PURGE_STALE_PROFILES='" + setting
                + "' is not a number of milliseconds, 'always' or 'never'; using " + DEFAULT_THRESHOLD_MS);
        return Optional.of(DEFAULT_THRESHOLD_MS);
    }

    /** Removes stale profiles of this installation and task; returns the ones removed. */
    public static List<Path> purge(Path tempRoot, String prefix, long thresholdMs) {
        List<Path> removed = new ArrayList<>();
        Pattern name = Pattern.compile(Pattern.quote(prefix) + "(\\.[0-9]+)?");
        long now = System.currentTimeMillis();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(tempRoot, prefix + "*")) {
            for (Path entry : entries) {
                if (removed.size() >= MAX_REMOVED) {
                    break;
                }
                if (!name.matcher(entry.getFileName().toString()).matches()
                        || !Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)) {
                    continue;
                }
                try {
                    if (!SafeFiles.isOwnedByMe(entry)) {
                        continue; // another user's directory: never locked, opened or removed, and not worth a warning
                    }
                    long age = now - Files.getLastModifiedTime(entry, LinkOption.NOFOLLOW_LINKS).toMillis();
                    if (age < thresholdMs) {
                        continue;
                    }
                    Optional<ProfileLock> lock = ProfileLock.tryAcquire(entry);
                    if (lock.isEmpty()) {
                        continue;
                    }
                    lock.get().close();
                    if (SafeFiles.removeTree(entry)) {
                        removed.add(entry);
                    }
                } catch (IOException e) {
                    // unreadable or vanished: not ours to remove this time
                }
            }
        } catch (IOException e) {
            // no temp root listing, no purge
        }
        return removed;
    }
}
