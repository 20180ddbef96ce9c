package dev.backgroundtasks.schedules.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;

import dev.backgroundtasks.api.TaskSchedule;

/**
 * Files a schedule owns in a shared folder ({@code ~/.config/systemd/user}, {@code /etc/systemd/system},
 * {@code /etc/cron.d}): ours only when a regular file (never a link) whose first line is our marker. A
 * file is written whole to a new temporary file beside it and renamed over the old one, so a reader never
 * sees half of it; anything else found at the name is left alone and reported.
 */
final class OwnedFiles {
    private OwnedFiles() {
    }

    /** The first line of a regular file, not following links; empty if there is none. */
    static Optional<String> firstLine(Path file) throws IOException {
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return Optional.ofNullable(r.readLine());
        }
    }

    /** Writes the file unless something that is not ours is at its name. */
    static void write(Path file, String content, String mode, Predicate<String> ours) throws IOException {
        checkOurs(file, ours);
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling("." + file.getFileName() + "." + UUID.randomUUID() + ".tmp");
        try {
            Files.writeString(tmp, content, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE);
            if (tmp.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString(mode));
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Deletes the file if it is ours; false if there is none. */
    static boolean delete(Path file, Predicate<String> ours) throws IOException {
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        checkOurs(file, ours);
        return Files.deleteIfExists(file);
    }

    private static void checkOurs(Path file, Predicate<String> ours) throws IOException {
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Optional<String> first = firstLine(file);
        if (first.isEmpty() || !ours.test(first.get())) {
            throw new IOException(file + " exists and was not written by the schedule task (a link, or another"
                    + " file): move it away first");
        }
    }

    /** Refuses the system scope to anyone but root. */
    static void checkScope(TaskSchedule.Scope scope) throws IOException {
        if (scope == TaskSchedule.Scope.SYSTEM && !isRoot()) {
            throw new IOException("only root can change a --system schedule: run as root, or drop --system");
        }
    }

    /** Whether this process runs as root, who alone may write the system scope. */
    static boolean isRoot() {
        try {
            return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }
}
