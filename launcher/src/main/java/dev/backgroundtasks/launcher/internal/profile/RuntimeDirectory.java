package dev.backgroundtasks.launcher.internal.profile;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import dev.backgroundtasks.launcher.internal.files.FileLocks;
import dev.backgroundtasks.launcher.internal.files.SafeFiles;

/**
 * The per-user, per-installation meeting point of processes (docs/reference/layout.md): the exclusive-task
 * locks, the installation lock of updates, and the actors' socket. Derived only from the user and the
 * installation hash, so that a cron-started task and a desktop-started application find the same one:
 * {@code $BACKGROUNDTASKS_RUNTIME_DIR} as is, else {@code $XDG_RUNTIME_DIR/backgroundtasks/<installHash>},
 * else {@code $XDG_STATE_HOME} (default {@code ~/.local/state}) {@code /backgroundtasks/<installHash>}: never a
 * predictable name in a shared, world-writable directory that another user could create first. Only
 * when the home is missing, read-only (a container's read-only root) or too deep for a socket path,
 * {@code <java.io.tmpdir>/backgroundtasks-<user>/<installHash>}, refused when another user owns it. Never
 * inside the installation.
 */
public final class RuntimeDirectory {
    /** Unix domain socket paths are limited to about 108 bytes; stay well under. */
    static final int MAX_SOCKET_PATH = 100;
    static final String SOCKET = "background.sock";

    private final Path path;

    private RuntimeDirectory(Path path) {
        this.path = path;
    }

    public static Path location(Map<String, String> env, String installHash) {
        String explicit = env.get("BACKGROUNDTASKS_RUNTIME_DIR");
        if (explicit != null && !explicit.isEmpty()) {
            return SafeFiles.pathOf("BACKGROUNDTASKS_RUNTIME_DIR", explicit).toAbsolutePath();
        }
        String xdg = env.get("XDG_RUNTIME_DIR");
        if (xdg != null && !xdg.isEmpty() && Files.isDirectory(SafeFiles.pathOf("XDG_RUNTIME_DIR", xdg))) {
            return Path.of(xdg, "backgroundtasks", installHash);
        }
        String state = env.get("XDG_STATE_HOME");
        Path home = state != null && !state.isEmpty() ? SafeFiles.pathOf("XDG_STATE_HOME", state)
                : Path.of(System.getProperty("user.home"), ".local", "state");
        Path inHome = home.resolve("backgroundtasks").resolve(installHash).toAbsolutePath();
        return fitsSocket(inHome) && Files.isDirectory(Path.of(System.getProperty("user.home"))) && creatable(inHome)
                ? inHome : inTemp(installHash);
    }

    /** Whether the directory exists or can be made: its nearest existing ancestor is a directory the user may write. */
    private static boolean creatable(Path dir) {
        for (Path p = dir; p != null; p = p.getParent()) {
            if (Files.exists(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                return p == dir ? Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)
                        : Files.isDirectory(p) && Files.isWritable(p);
            }
        }
        return false;
    }

    /** The last resort (a home too deep for a socket path, or none): checked to be the user's own. */
    private static Path inTemp(String installHash) {
        String user = System.getProperty("user.name", "user").replaceAll("[^A-Za-z0-9_.-]", "_");
        return Path.of(System.getProperty("java.io.tmpdir"), "backgroundtasks-" + user, installHash);
    }

    private static boolean fitsSocket(Path dir) {
        return dir.resolve(SOCKET).toString().getBytes(StandardCharsets.UTF_8).length < MAX_SOCKET_PATH;
    }

    /**
     * Creates (0700) and checks the directory: it must be the user's own and private, and every level
     * the platform creates is refused when another user made it first (docs/reliability.md, rule 5).
     */
    public static RuntimeDirectory open(Map<String, String> env, String installHash) throws Profile.ProfileException {
        Path path = location(env, installHash);
        try {
            if (env.get("BACKGROUNDTASKS_RUNTIME_DIR") == null || env.get("BACKGROUNDTASKS_RUNTIME_DIR").isEmpty()) {
                SafeFiles.ensurePrivateDirectory(path.getParent()); // a level the platform names, in a shared place maybe
            }
            SafeFiles.ensurePrivateDirectory(path);
            SafeFiles.makePrivate(path);
        } catch (IOException e) {
            throw new Profile.ProfileException("cannot use the runtime directory " + SafeFiles.describe(path, e)
                    + "; set BACKGROUNDTASKS_RUNTIME_DIR to a writable directory of your own");
        }
        if (!fitsSocket(path)) {
            throw new Profile.ProfileException("the runtime directory " + path + " is too long for a socket path ("
                    + MAX_SOCKET_PATH + " bytes); set BACKGROUNDTASKS_RUNTIME_DIR to a shorter path");
        }
        return new RuntimeDirectory(path);
    }

    public Path path() {
        return path;
    }

    /** A lock released by the operating system when the process dies. */
    public static final class Lock implements AutoCloseable {
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

    /** Waits at most {@code waitMillis} for the named lock; empty if another process still holds it. */
    public Optional<Lock> lock(String name, boolean shared, long waitMillis) throws IOException {
        return FileLocks.lock(path.resolve(name), shared, waitMillis).map(Lock::new);
    }

    /** Tries once to take the named lock, shared or exclusive; empty if another process holds it. */
    public Optional<Lock> tryLock(String name, boolean shared) throws IOException {
        return FileLocks.tryLock(path.resolve(name), shared).map(Lock::new);
    }
}
