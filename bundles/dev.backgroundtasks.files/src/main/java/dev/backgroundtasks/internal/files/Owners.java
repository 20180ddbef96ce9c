package dev.backgroundtasks.internal.files;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.UserPrincipal;

/** Whether an entry belongs to the running user: what may be removed, what a private directory must be. */
public final class Owners {
    private Owners() {
    }

    /** Whether the entry itself (a link's own owner, not its target's) belongs to the running user. */
    public static boolean isOwnedByMe(Path path) throws IOException {
        if (!path.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            return true;
        }
        return isMine(Files.getOwner(path, LinkOption.NOFOLLOW_LINKS));
    }

    /** The same from attributes already read (without following links). */
    static boolean isOwnedByMe(Path path, BasicFileAttributes attributes) throws IOException {
        return attributes instanceof PosixFileAttributes posix ? isMine(posix.owner()) : isOwnedByMe(path);
    }

    /** Whether that owner is the running user ({@code user.name}); without a lookup service, yes. */
    public static boolean isMine(UserPrincipal owner) {
        try {
            return owner.equals(FileSystems.getDefault().getUserPrincipalLookupService()
                    .lookupPrincipalByName(System.getProperty("user.name")));
        } catch (IOException | UnsupportedOperationException e) {
            return true;
        }
    }
}
