package dev.backgroundtasks.launcher.internal.files;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Set;

import dev.backgroundtasks.internal.files.Owners;
import dev.backgroundtasks.internal.files.PrivateFiles;
import dev.backgroundtasks.internal.files.TreeRemover;

/**
 * The one way the launcher touches files in places others may share (docs/reliability.md): never
 * follow a link it did not create, create private files with {@code CREATE_NEW} (or
 * {@code O_NOFOLLOW}), refuse directories of another user, remove trees relative to directory handles
 * ({@link SecureDirectoryStream}) and only when the running user owns them, replace its own files
 * atomically and write through what a user named when it is not a regular file (a FIFO, a device).
 * The models are systemd's tmpfiles and OpenSSH's StrictModes. Every failure is an
 * {@link IOException} whose {@link #describe} names the path and the operating system's reason.
 */
public final class SafeFiles {
    /** Made when first used: an EnumSet costs the warm client a reflective call, about 10 ms on JDK 25. */
    private static final class Modes {
        static final Set<PosixFilePermission> PRIVATE_FILE = PosixFilePermissions.fromString("rw-------");
        static final Set<PosixFilePermission> PRIVATE_DIRECTORY = PosixFilePermissions.fromString("rwx------");
    }
    /** Made on first use: seeding a SecureRandom is JCA work that a run which names nothing at random skips. */
    private static final class Random {
        static final SecureRandom INSTANCE = new SecureRandom();
    }

    /** The launcher's one source of unpredictable names (temporary files, profile suffixes, salts). */
    public static SecureRandom random() {
        return Random.INSTANCE;
    }

    private SafeFiles() {
    }

    /** A file of the platform's own that cannot be used, with the one line that says why. */
    public static final class Refusal extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public Refusal(String message) {
            super(message);
        }
    }

    /**
     * The path a variable or option names; one the JVM cannot encode (a non-ASCII name under
     * {@code LC_ALL=C}) is a refusal naming the variable (docs/reliability.md, rule 12).
     */
    public static Path pathOf(String name, String value, String... more) {
        try {
            return Path.of(value, more);
        } catch (java.nio.file.InvalidPathException e) {
            throw new Refusal(name + " names a path the JVM cannot encode under the platform encoding "
                    + System.getProperty("sun.jnu.encoding") + "; run under a UTF-8 locale (LC_ALL=C.UTF-8) or use an ASCII path");
        }
    }

    /** {@code path (reason)}: the operating system's reason, as strerror words it, never a class name. */
    public static String describe(Path path, IOException e) {
        return path + " (" + reason(path, e) + ")";
    }

    public static String reason(Path path, IOException e) {
        if (e instanceof FileSystemException f) {
            if (f.getReason() != null) {
                String reason = f.getReason();
                if (reason.contains("Too many levels of symbolic links") && path != null
                        && Files.isSymbolicLink(path)) {
                    return "it is a symbolic link, which is never followed";
                }
                return reason;
            }
            if (e instanceof AccessDeniedException) {
                return "Permission denied";
            }
            if (e instanceof NoSuchFileException) {
                return "No such file or directory";
            }
            if (e instanceof FileAlreadyExistsException) {
                return "File exists";
            }
            if (e instanceof NotDirectoryException) {
                return "Not a directory";
            }
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private static boolean posix(Path path) {
        return path.getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    /**
     * Opens (creating it 0600 if missing) a file to lock or to write, never through a symbolic link
     * ({@code O_NOFOLLOW}); a planted link is a refusal.
     */
    public static FileChannel openPrivate(Path file) throws IOException {
        return PrivateFiles.openPrivate(file);
    }

    /** A regular file's bytes, or null when it does not exist; a link or a FIFO is refused, never opened. */
    public static byte[] readRegular(Path file) throws IOException {
        return readRegular(file, false);
    }

    /** The same, following a link when {@code followLinks} (files of the installation, not of the platform's making). */
    public static byte[] readRegular(Path file, boolean followLinks) throws IOException {
        LinkOption[] options = followLinks ? new LinkOption[0] : new LinkOption[] {LinkOption.NOFOLLOW_LINKS};
        BasicFileAttributes a;
        try {
            a = Files.readAttributes(file, BasicFileAttributes.class, options);
        } catch (NoSuchFileException missing) {
            return null;
        }
        if (a.isSymbolicLink()) {
            throw new FileSystemException(file.toString(), null, "it is a symbolic link, which is never followed");
        }
        if (!a.isRegularFile()) {
            throw new FileSystemException(file.toString(), null, "not a regular file");
        }
        try (FileChannel c = followLinks ? FileChannel.open(file, StandardOpenOption.READ)
                : FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(Integer.MAX_VALUE - 8, Math.max(0, a.size())));
            while (buffer.hasRemaining() && c.read(buffer) > 0) {
                // until the size read above
            }
            byte[] bytes = new byte[buffer.position()];
            buffer.flip().get(bytes);
            return bytes;
        }
    }

    /**
     * Replaces a file of the platform's own atomically: a private temporary file with an unpredictable
     * name ({@code CREATE_NEW}, never through a link), renamed over it. A link at the name is replaced
     * as a link, its target untouched; no temporary file is left behind on any path.
     */
    public static void replace(Path file, byte[] content) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + "." + HexFormat.of().toHexDigits(random().nextLong()) + ".tmp");
        boolean done = false;
        try {
            try (OutputStream out = newPrivateFile(tmp)) {
                out.write(content);
            }
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
            done = true;
        } finally {
            if (!done) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // nothing more to clean
                }
            }
        }
    }

    /**
     * Writes a file a user named (an environment variable, an option): what is not a regular file
     * there (a FIFO, a device, {@code /dev/stdout}) is written through, never replaced; a regular
     * file or a missing one is replaced atomically as by {@link #replace}.
     */
    public static void writeTo(Path file, byte[] content) throws IOException {
        if (Files.exists(file) && !Files.isRegularFile(file)) {
            if (Files.isDirectory(file)) {
                throw new FileSystemException(file.toString(), null, "Is a directory");
            }
            try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.WRITE)) {
                out.write(content);
            }
            return;
        }
        replace(file, content);
    }

    /** A new file, 0600, that did not exist before ({@code O_CREAT|O_EXCL}: never a link's target). */
    static OutputStream newPrivateFile(Path file) throws IOException {
        if (posix(file)) {
            return java.nio.channels.Channels.newOutputStream(FileChannel.open(file,
                    Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS),
                    PosixFilePermissions.asFileAttribute(Modes.PRIVATE_FILE)));
        }
        return Files.newOutputStream(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    }

    /** Creates a directory with mode 0700 (where the file system has POSIX modes); fails if anything is there. */
    public static void createPrivateDirectory(Path dir) throws IOException {
        PrivateFiles.createPrivateDirectory(dir);
    }

    /**
     * An empty private directory where there may be leftovers (the framework storage): whatever is at
     * the name is removed without following links, then the directory is created anew.
     */
    public static Path freshDirectory(Path dir) {
        removeTree(dir);
        try {
            createPrivateDirectory(dir);
            return dir;
        } catch (IOException e) {
            throw new Refusal("cannot create " + describe(dir, e));
        }
    }

    /** A private directory of the running user, created if missing; anything else is refused. */
    public static void ensurePrivateDirectory(Path dir) throws IOException {
        PrivateFiles.ensurePrivateDirectory(dir);
    }

    /** Makes the user's own directory private when it is open to others (the runtime directory, a meeting point). */
    public static void makePrivate(Path dir) throws IOException {
        if (posix(dir) && Files.getPosixFilePermissions(dir).stream()
                .anyMatch(p -> p.name().startsWith("GROUP") || p.name().startsWith("OTHERS"))) {
            Files.setPosixFilePermissions(dir, Modes.PRIVATE_DIRECTORY);
        }
    }

    /** Whether the entry itself (a link's own owner, not its target's) belongs to the running user. */
    public static boolean isOwnedByMe(Path path) throws IOException {
        return Owners.isOwnedByMe(path);
    }

    /**
     * Removes a tree without following any link, every step relative to an open directory handle so
     * that a component swapped for a link meanwhile cannot lead outside it; only a tree whose root
     * the running user owns. A link at the root is removed as a link. Returns whether it is gone.
     */
    public static boolean removeTree(Path root) {
        Path absolute = root.toAbsolutePath();
        for (int attempt = 0; attempt < 3; attempt++) {
            try {
                return new TreeRemover().stopAtFirstFailure().onlyIfOwnedByMe().remove(absolute);
            } catch (NoSuchFileException gone) {
                return !Files.exists(absolute, LinkOption.NOFOLLOW_LINKS);
            } catch (IOException e) {
                // a file written concurrently (System.exit while the framework runs): try again
            }
        }
        return !Files.exists(absolute, LinkOption.NOFOLLOW_LINKS);
    }
}
