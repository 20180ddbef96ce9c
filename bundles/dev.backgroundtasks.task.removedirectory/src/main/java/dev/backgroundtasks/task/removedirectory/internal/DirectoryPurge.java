package dev.backgroundtasks.task.removedirectory.internal;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.backgroundtasks.api.ExitCode;

/**
 * What Firefox's {@code BackgroundTask_removeDirectory} does once its arguments are read: the test
 * sleep, then the child (locked before waiting for it, so that no suffix pass of another instance
 * takes it meanwhile; waited for one second at a time until {@code secondsToWait} have passed; refused
 * if it is not a directory), then the suffix pass over the parent's other directories.
 *
 * <p>Blocking: it runs on a worker thread of its own, never on the task's event loop. Removed
 * directories are reported on {@code out}, everything else Firefox logs goes to {@code err}; the task
 * is no-output, so both are seen only with {@code --attach-console}.
 */
final class DirectoryPurge {
    /** Firefox's FILE_CHECK_ITERATION_TIMEOUT_MS. */
    static final long FILE_CHECK_ITERATION_MS = 1000;

    /** How the purge waits; tests pass one that does not. */
    @FunctionalInterface
    interface Pause {
        void sleep(long millis) throws InterruptedException;
    }

    private final PurgeLocks locks;
    private final Pause pause;
    private final PrintStream out;
    private final PrintStream err;

    DirectoryPurge(PurgeLocks locks, Pause pause, PrintStream out, PrintStream err) {
        this.locks = locks;
        this.pause = pause;
        this.out = out;
        this.err = err;
    }

    /** @return {@link ExitCode#SUCCESS}, or {@link ExitCode#EXCEPTION} with the reason on {@code err} */
    int run(RemoveDirectoryArguments arguments) throws InterruptedException {
        err.println("removeDirectory: parent " + arguments.parent() + ", child '" + arguments.childName()
                + "', seconds to wait " + arguments.secondsToWait() + ", other folders suffix '"
                + arguments.otherFoldersSuffix() + "'");
        if (!arguments.metricsId().isEmpty()) {
            err.println("removeDirectory: skipping metrics '" + arguments.metricsId() + "': this platform collects none");
        }
        if (arguments.testSleepMillis().isPresent() && arguments.testSleepMillis().getAsInt() > 0) {
            pause.sleep(arguments.testSleepMillis().getAsInt());
        }
        Path parent = realPath(arguments.parent());
        if (!removeChild(parent, arguments.childName(), arguments.secondsToWait())) {
            return ExitCode.EXCEPTION;
        }
        return removeOtherDirectories(parent, arguments.otherFoldersSuffix()) ? ExitCode.SUCCESS : ExitCode.EXCEPTION;
    }

    /** Firefox's deleteChildDirectory; false when the task must end with 3. */
    private boolean removeChild(Path parent, String childName, int secondsToWait) throws InterruptedException {
        if (childName.isEmpty()) {
            return true;
        }
        Path target = parent.resolve(childName);
        PurgeLocks.Held lock = null;
        try {
            Optional<PurgeLocks.Held> held = locks.tryLock(target);
            if (held.isEmpty()) {
                err.println("removeDirectory: another instance is already purging " + target);
                return true;
            }
            lock = held.get();
        } catch (IOException e) {
            err.println("removeDirectory: failed to check the lock of " + target + " (" + e + "); going on unlocked");
        }
        try {
            BasicFileAttributes attributes;
            int retryCount = 0;
            while ((attributes = attributesOf(target)) == null) {
                if (retryCount * FILE_CHECK_ITERATION_MS > secondsToWait * 1000L) {
                    err.println("removeDirectory: couldn't find " + target);
                    return true;
                }
                pause.sleep(FILE_CHECK_ITERATION_MS);
                retryCount++;
                err.println("removeDirectory: waiting for " + target + ", attempt " + retryCount);
            }
            if (!attributes.isDirectory()) {
                err.println("removeDirectory: " + target + " is not a directory"
                        + (attributes.isSymbolicLink() ? " but a symbolic link" : "") + "; left untouched");
                return false;
            }
            try {
                long removed = TreeRemoval.remove(parent, childName);
                out.println("removed " + target + " (" + removed + " entries)");
                return true;
            } catch (TreeRemoval.PartialRemovalException e) {
                if (e.getCause() instanceof NotDirectoryException) {
                    err.println("removeDirectory: " + target + " is not a directory; left untouched");
                } else {
                    err.println("removeDirectory: failed removing " + target + ": " + e.getMessage() + "; removed "
                            + e.removed() + " entries");
                }
                return false;
            } catch (IOException e) {
                err.println("removeDirectory: failed removing " + target + ": " + e);
                return false;
            }
        } finally {
            if (lock != null) {
                lock.close();
            }
        }
    }

    /**
     * Firefox's cleanupOtherDirectories: every directory of the parent whose name ends with the suffix
     * ({@code *}: every directory), each under its own lock, one retry; files are never touched and
     * a failure here never fails the task. Only a parent that cannot be listed does (as in Firefox).
     */
    private boolean removeOtherDirectories(Path parent, String suffix) {
        if (suffix.isEmpty()) {
            return true;
        }
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(parent)) {
            for (Path entry : entries) {
                names.add(entry.getFileName().toString());
            }
        } catch (IOException e) {
            err.println("removeDirectory: cannot list " + parent + ": " + e);
            return false;
        }
        names.sort(null);
        for (String name : names) {
            if (!suffix.equals("*") && !name.endsWith(suffix)) {
                continue;
            }
            Path target = parent.resolve(name);
            BasicFileAttributes attributes = attributesOf(target);
            if (attributes == null || !attributes.isDirectory()) {
                continue; // gone meanwhile, a file, or a link: never removed by the suffix pass
            }
            Optional<PurgeLocks.Held> lock;
            try {
                lock = locks.tryLock(target);
            } catch (IOException e) {
                err.println("removeDirectory: failed to check the lock of " + target + " (" + e + "); skipping it");
                continue;
            }
            if (lock.isEmpty()) {
                err.println("removeDirectory: another instance is purging " + target + "; skipping it");
                continue;
            }
            try (PurgeLocks.Held held = lock.get()) {
                long removed = 0;
                boolean success;
                try {
                    removed = TreeRemoval.remove(parent, name);
                    success = true;
                } catch (IOException first) {
                    removed = first instanceof TreeRemoval.PartialRemovalException p ? p.removed() : 0;
                    success = attributesOf(target) == null;
                    if (!success && !(first.getCause() instanceof NotDirectoryException)) {
                        err.println("removeDirectory: failed removing " + target + " (" + first.getMessage()
                                + "), trying once more");
                        try {
                            removed += TreeRemoval.remove(parent, name);
                            success = true;
                        } catch (IOException second) {
                            removed += second instanceof TreeRemoval.PartialRemovalException p ? p.removed() : 0;
                            err.println("removeDirectory: failed removing " + target + ": " + second.getMessage());
                        }
                    }
                }
                err.println("removeDirectory: deletion of folder " + name + " - success=" + success);
                if (success) {
                    out.println("removed " + target + " (" + removed + " entries)");
                }
            }
        }
        return true;
    }

    /** The entry's own attributes (a link's, not its target's), or null if there is none. */
    private static BasicFileAttributes attributesOf(Path path) {
        try {
            return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            return null; // missing, or unreadable: Firefox's exists() is false for both
        }
    }

    /**
     * The parent with its symbolic links resolved, for the lock keys: its real path, or, while it does
     * not exist, the real path of its nearest existing ancestor followed by the rest.
     */
    static Path realPath(Path path) {
        Path absolute = path.toAbsolutePath();
        try {
            return absolute.toRealPath();
        } catch (IOException missing) {
            // below: the nearest existing ancestor
        }
        Path normalized = absolute.normalize();
        for (Path existing = normalized.getParent(); existing != null; existing = existing.getParent()) {
            try {
                return existing.toRealPath().resolve(existing.relativize(normalized));
            } catch (IOException alsoMissing) {
                // one level up
            }
        }
        return normalized;
    }
}
