package dev.backgroundtasks.task.removedirectory.internal;

import java.io.IOException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;

import dev.backgroundtasks.internal.files.TreeRemover;

/**
 * Removes a directory and everything in it without ever following a symbolic link, stopping at the
 * first failure as Firefox's {@code nsIFile.remove} does: the platform's one tree removal
 * ({@link TreeRemover}, embedded in this bundle), with how much it removed.
 */
final class TreeRemoval {
    private TreeRemoval() {
    }

    /**
     * Removes the directory {@code name} of {@code parent}; never the parent itself.
     *
     * @return how many entries were removed, the directory included (Firefox's removal count)
     * @throws PartialRemovalException if something could not be removed, the entry is not a directory
     *         ({@link NotDirectoryException} as its cause; a link to one included) or is missing;
     *         what was removed stays removed
     */
    static long remove(Path parent, String name) throws IOException {
        TreeRemover removal = new TreeRemover().stopAtFirstFailure().onlyADirectory();
        try {
            removal.remove(parent.resolve(name));
        } catch (IOException e) {
            throw new PartialRemovalException(e, removal.removed());
        }
        return removal.removed();
    }

    /** A removal that stopped part way, with how much it had removed. */
    static final class PartialRemovalException extends IOException {
        private static final long serialVersionUID = 1L;
        private final long removed;

        PartialRemovalException(IOException cause, long removed) {
            super(cause.toString(), cause);
            this.removed = removed;
        }

        long removed() {
            return removed;
        }
    }
}
