package dev.backgroundtasks.task.removeprofilefiles.internal;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code removeProfileFiles ROOT LOCAL LOCK_TIMEOUT_SEC}. As in Firefox ({@code commandLine.resolveFile})
 * a relative directory is taken from the working directory. Stricter than Firefox, whose task ignores
 * extra arguments and reads the timeout with {@code parseInt}: exactly three arguments and a whole
 * number of seconds, because a path split at a space must not turn into other directories to remove.
 *
 * @param root the profile directory, holding the lock file {@code .parentlock}
 * @param local the profile's local (cache) directory; may be ROOT itself
 * @param lockTimeoutSeconds how long to wait for the profile's lock; 0: one attempt
 */
record ProfileRemovalArguments(Path root, Path local, int lockTimeoutSeconds) {
    static final String USAGE = "removeProfileFiles ROOT LOCAL LOCK_TIMEOUT_SEC";

    /** @throws IllegalArgumentException with the reason, for exit code 3 */
    static ProfileRemovalArguments parse(List<String> arguments) {
        if (arguments.size() != 3) {
            throw new IllegalArgumentException("expected 3 arguments, got " + arguments.size() + " " + arguments
                    + "; usage: " + USAGE);
        }
        String timeout = arguments.get(2);
        if (!timeout.matches("[0-9]{1,9}")) {
            throw new IllegalArgumentException("LOCK_TIMEOUT_SEC must be a whole number of seconds, not '" + timeout + "'");
        }
        return new ProfileRemovalArguments(directory("ROOT", arguments.get(0)), directory("LOCAL", arguments.get(1)),
                Integer.parseInt(timeout));
    }

    private static Path directory(String what, String argument) {
        if (argument.isEmpty()) {
            throw new IllegalArgumentException(what + " is empty");
        }
        try {
            return Path.of(argument).toAbsolutePath();
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException(what + " is not a valid path: " + e.getMessage());
        }
    }
}
