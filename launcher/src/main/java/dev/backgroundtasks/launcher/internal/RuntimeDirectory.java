package dev.backgroundtasks.launcher.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The per-user, per-installation meeting point of processes (contract section 6): the exclusive-task
 * locks, the installation lock of updates, and the actors' socket. Derived only from the user and the
 * installation hash, so that a cron-started task and a desktop-started application find the same one:
 * {@code $BACKGROUNDTASKS_RUNTIME_DIR} as is, else {@code $XDG_RUNTIME_DIR/backgroundtasks/<installHash>},
 * else {@code <java.io.tmpdir>/backgroundtasks-<user>/<installHash>}. Never inside the installation.
 */
final class RuntimeDirectory {
    /** Unix domain socket paths are limited to about 108 bytes; stay well under. */
    static final int MAX_SOCKET_PATH = 100;
    static final String SOCKET = "background.sock";

    private final Path path;

    private RuntimeDirectory(Path path) {
        this.path = path;
    }

    static Path location(Map<String, String> env, String installHash) {
        String explicit = env.get("BACKGROUNDTASKS_RUNTIME_DIR");
        if (explicit != null && !explicit.isEmpty()) {
            return Path.of(explicit).toAbsolutePath();
        }
        String xdg = env.get("XDG_RUNTIME_DIR");
        if (xdg != null && !xdg.isEmpty() && Files.isDirectory(Path.of(xdg))) {
            return Path.of(xdg, "backgroundtasks", installHash);
        }
        String user = System.getProperty("user.name", "user").replaceAll("[^A-Za-z0-9_.-]", "_");
        return Path.of(System.getProperty("java.io.tmpdir"), "backgroundtasks-" + user, installHash);
    }

    /** Creates (0700) and checks the directory: it must be the user's own and private. */
    static RuntimeDirectory open(Map<String, String> env, String installHash) throws Profile.ProfileException {
        Path path = location(env, installHash);
        try {
            Directories.createPrivateIfMissing(path);
            if (!Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
                throw new Profile.ProfileException("the runtime directory " + path + " is not a directory");
            }
            if (path.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                String owner = Files.getOwner(path, LinkOption.NOFOLLOW_LINKS).getName();
                if (!owner.equals(System.getProperty("user.name"))) {
                    throw new Profile.ProfileException("the runtime directory " + path + " belongs to " + owner
                            + ", not to " + System.getProperty("user.name") + "; set BACKGROUNDTASKS_RUNTIME_DIR");
                }
                Set<PosixFilePermission> mode = Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS);
                if (mode.stream().anyMatch(p -> p.name().startsWith("GROUP") || p.name().startsWith("OTHERS"))) {
                    // the user's own directory, but open to others: the meeting point must be private
                    Files.setPosixFilePermissions(path, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
                }
            }
        } catch (IOException e) {
            throw new Profile.ProfileException("cannot create the runtime directory " + path + " (" + e.getMessage()
                    + "); set BACKGROUNDTASKS_RUNTIME_DIR to a writable directory");
        }
        if (path.resolve(SOCKET).toString().getBytes(StandardCharsets.UTF_8).length >= MAX_SOCKET_PATH) {
            throw new Profile.ProfileException("the runtime directory " + path + " is too long for a socket path ("
                    + MAX_SOCKET_PATH + " bytes); set BACKGROUNDTASKS_RUNTIME_DIR to a shorter path");
        }
        return new RuntimeDirectory(path);
    }

    Path path() {
        return path;
    }

    /** A lock released by the operating system when the process dies. */
    static final class Lock implements AutoCloseable {
        private final FileLocks.Held held;

        private Lock(FileLocks.Held held) {
            this.held = held;
        }

        boolean isShared() {
            return held.isShared();
        }

        @Override
        public void close() {
            held.close();
        }
    }

    /** Tries once to take the named lock, shared or exclusive; empty if another process holds it. */
    Optional<Lock> tryLock(String name, boolean shared) throws IOException {
        return FileLocks.tryLock(path.resolve(name), shared).map(Lock::new);
    }
}
