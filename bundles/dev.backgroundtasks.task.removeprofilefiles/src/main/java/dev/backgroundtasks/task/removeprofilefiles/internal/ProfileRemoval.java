package dev.backgroundtasks.task.removeprofilefiles.internal;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.PrintStream;
import java.nio.channels.FileLock;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

import dev.backgroundtasks.api.ExitCode;
import dev.backgroundtasks.internal.files.PrivateFiles;
import dev.backgroundtasks.internal.files.TreeRemover;

/**
 * Firefox's {@code RemoveProfileFiles(root, local, timeout)}: take the profile's lock, trying twice a
 * second until the timeout; while holding it remove LOCAL (when it is not ROOT), then everything in
 * ROOT but the lock file, retrying what resisted up to ten times; then delete the lock file, release
 * the lock and remove the empty ROOT.
 *
 * <p>The profile lock is the platform's: an exclusive {@link FileChannel} lock on {@code ROOT/.parentlock}
 * (Firefox's file name on Linux), which the operating system releases when its holder dies. The lock
 * file is deleted while still locked, and only by {@code unlink}: closing any other descriptor of it
 * would drop this process's POSIX lock.
 *
 * <p>Beyond Firefox, which reports success whatever it could not remove: anything left is a failure
 * (exit 3, listed); symbolic links are never followed; ROOT and LOCAL must be directories, not links;
 * the file system's root, the home directory or one of its ancestors, and a LOCAL that contains ROOT are
 * refused.
 */
final class ProfileRemoval {
    /** Firefox: "Check twice a second." */
    static final long LOCK_RETRY_MS = 500;
    /** Firefox retries what it could not remove up to 10 times, sleeping 10 ms more each time. */
    static final int REMOVAL_RETRIES = 10;

    /** How the removal waits; tests pass one that does not. */
    @FunctionalInterface
    interface Pause {
        void sleep(long millis) throws InterruptedException;
    }

    /** A failure that ends the task with 3; its message is the reason. */
    static final class RemovalException extends Exception {
        private static final long serialVersionUID = 1L;

        RemovalException(String message) {
            super(message);
        }
    }

    private final Pause pause;
    private final LongSupplier nanoTime;
    private final Path home;
    private final PrintStream out;
    private final PrintStream err;

    ProfileRemoval(Pause pause, LongSupplier nanoTime, Path home, PrintStream out, PrintStream err) {
        this.pause = pause;
        this.nanoTime = nanoTime;
        this.home = home;
        this.out = out;
        this.err = err;
    }

    /** @return {@link ExitCode#SUCCESS}, or {@link ExitCode#EXCEPTION} with the reason on {@code err} */
    int run(ProfileRemovalArguments arguments) throws InterruptedException {
        out.println("Removing profile directories '" + arguments.root() + "' and '" + arguments.local() + "'");
        try {
            remove(arguments);
        } catch (RemovalException e) {
            err.println("Failed to remove profile directories: " + e.getMessage());
            return ExitCode.EXCEPTION;
        }
        out.println("Profile directories removed.");
        return ExitCode.SUCCESS;
    }

    void remove(ProfileRemovalArguments arguments) throws RemovalException, InterruptedException {
        Path root = checkedDirectory("ROOT", arguments.root());
        if (root == null) {
            throw new RemovalException("ROOT " + arguments.root() + " does not exist");
        }
        Path local = checkedDirectory("LOCAL", arguments.local());
        if (local != null && root.startsWith(local) && !root.equals(local)) {
            throw new RemovalException("LOCAL " + local + " contains ROOT " + root + "; refusing to remove it");
        }
        FileLock lock = waitForLock(root, arguments.lockTimeoutSeconds());
        List<Path> left;
        try {
            left = removeContents(root, local);
            if (left.isEmpty()) {
                try {
                    Files.deleteIfExists(root.resolve(PrivateFiles.PROFILE_LOCK)); // unlink while still locked
                } catch (IOException e) {
                    // removed with ROOT below, or reported then
                }
            }
        } finally {
            PrivateFiles.release(lock);
        }
        if (!left.isEmpty()) {
            throw new RemovalException("could not remove " + left.size() + " entries: " + left);
        }
        try {
            Files.deleteIfExists(root.resolve(PrivateFiles.PROFILE_LOCK));
            Files.deleteIfExists(root);
        } catch (DirectoryNotEmptyException e) {
            throw new RemovalException("ROOT " + root + " is not empty any more: something was created in it meanwhile");
        } catch (IOException e) {
            throw new RemovalException("cannot remove ROOT " + root + ": " + e);
        }
    }

    /** The directory's real path; null if it does not exist. */
    private Path checkedDirectory(String what, Path directory) throws RemovalException {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(directory, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new RemovalException("cannot read " + what + " " + directory + ": " + e);
        }
        if (attributes.isSymbolicLink()) {
            throw new RemovalException(what + " " + directory + " is a symbolic link, not a profile directory");
        }
        if (!attributes.isDirectory()) {
            throw new RemovalException(what + " " + directory + " is not a directory");
        }
        Path real;
        try {
            real = directory.toRealPath();
        } catch (IOException e) {
            throw new RemovalException("cannot resolve " + what + " " + directory + ": " + e);
        }
        if (real.getParent() == null || home != null && home.startsWith(real)) {
            throw new RemovalException(what + " " + real + " is " + (real.getParent() == null ? "the file system's root"
                    : "the home directory or one of its ancestors") + "; refusing to remove it");
        }
        return real;
    }

    private FileLock waitForLock(Path root, int timeoutSeconds) throws RemovalException, InterruptedException {
        long deadline = nanoTime.getAsLong() + timeoutSeconds * 1_000_000_000L;
        boolean told = false;
        while (true) {
            FileLock lock;
            try {
                // The profile's lock: an exclusive lock on .parentlock, as the launcher takes it.
                lock = PrivateFiles.tryLock(PrivateFiles.openPrivate(root.resolve(PrivateFiles.PROFILE_LOCK)), false);
            } catch (IOException e) {
                throw new RemovalException("cannot lock the profile " + root + ": " + e);
            }
            if (lock != null) {
                return lock;
            }
            long remaining = deadline - nanoTime.getAsLong();
            if (timeoutSeconds == 0 || remaining <= 0) {
                throw new RemovalException("the profile " + root + " is still locked by another process after "
                        + timeoutSeconds + " s");
            }
            if (!told) {
                err.println("removeProfileFiles: the profile " + root + " is in use; waiting up to " + timeoutSeconds
                        + " s for its lock");
                told = true;
            }
            pause.sleep(Math.max(1, Math.min(LOCK_RETRY_MS, (remaining + 999_999) / 1_000_000)));
        }
    }

    /** LOCAL first (ROOT may contain it), then ROOT but its lock file; what resists is retried. */
    private List<Path> removeContents(Path root, Path local) throws RemovalException, InterruptedException {
        boolean separateLocal = local != null && !local.equals(root);
        List<Path> left = List.of();
        for (int attempt = 0; attempt <= REMOVAL_RETRIES; attempt++) {
            if (attempt > 0) {
                pause.sleep(10L * attempt);
            }
            List<Path> undeleted = new ArrayList<>();
            try {
                if (separateLocal) {
                    removeTree(local, null, undeleted);
                }
                removeTree(root, PrivateFiles.PROFILE_LOCK, undeleted);
            } catch (InterruptedIOException e) {
                throw new RemovalException("interrupted by shutdown");
            }
            left = undeleted;
            if (left.isEmpty()) {
                break;
            }
        }
        return left;
    }

    /**
     * Firefox's {@code RemoveProfileRecursion}: removes what it can, never following a link, goes on
     * past what it cannot and collects the latter; with {@code keep}, the directory and that entry stay.
     */
    private static void removeTree(Path directory, String keep, List<Path> undeleted) throws InterruptedIOException {
        TreeRemover tree = new TreeRemover().onlyADirectory().keeping(keep);
        try {
            tree.remove(directory);
            undeleted.addAll(tree.undeleted());
        } catch (NoSuchFileException gone) {
            // removed meanwhile
        } catch (InterruptedIOException e) {
            throw e;
        } catch (IOException e) {
            undeleted.add(directory);
        }
    }
}
