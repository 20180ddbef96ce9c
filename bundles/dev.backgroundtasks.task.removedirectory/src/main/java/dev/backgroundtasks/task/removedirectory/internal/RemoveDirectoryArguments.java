package dev.backgroundtasks.task.removedirectory.internal;

import java.io.File;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalInt;

import dev.backgroundtasks.api.CommandLine;

/**
 * The command line of {@code removeDirectory PARENT CHILD SECONDS_TO_WAIT [OTHER_FOLDERS_SUFFIX]
 * [--test-sleep MS] [--metrics-id ID]}, parsed as Firefox's {@code runBackgroundTask} does, plus the
 * checks that keep the task inside PARENT.
 *
 * @param parent absolute
 * @param childName a single name inside the parent; empty: only the suffix pass runs (Firefox)
 * @param secondsToWait how long to wait for the child to appear
 * @param otherFoldersSuffix empty: no suffix pass; {@code *}: every sub-directory
 * @param testSleepMillis a sleep before anything is removed, from {@code --test-sleep} or the preference
 * @param metricsId accepted for Firefox's callers; this platform collects no metrics
 */
record RemoveDirectoryArguments(Path parent, String childName, int secondsToWait, String otherFoldersSuffix,
        OptionalInt testSleepMillis, String metricsId) {

    static final String USAGE = "removeDirectory PARENT CHILD SECONDS_TO_WAIT [OTHER_FOLDERS_SUFFIX] [--test-sleep MS]";
    /** Firefox's default when SECONDS_TO_WAIT is not a number. */
    static final int DEFAULT_SECONDS_TO_WAIT = 10;

    /**
     * Consumes the flags, then reads the positional arguments.
     *
     * @param preferenceSleepMillis the preference {@code toolkit.background_tasks.remove_directory.testing.sleep_ms};
     *        used when there is no {@code --test-sleep}, if positive
     * @throws IllegalArgumentException with the reason, for exit code 3
     */
    static RemoveDirectoryArguments parse(CommandLine commandLine, int preferenceSleepMillis) {
        // Firefox: handleFlagWithParam throws for a flag without a value, which ends the task with 3.
        Optional<String> sleep = commandLine.handleFlagWithParam("test-sleep", false);
        String metricsId = commandLine.handleFlagWithParam("metrics-id", false).orElse("");
        if (commandLine.length() < 3) {
            throw new IllegalArgumentException("Insufficient arguments: " + commandLine.length() + " given; usage: " + USAGE);
        }
        String parentArgument = commandLine.getArgument(0);
        String childName = commandLine.getArgument(1);
        int seconds = parseInt(commandLine.getArgument(2)).orElse(DEFAULT_SECONDS_TO_WAIT);
        commandLine.removeArguments(0, 2);
        String suffix = "";
        if (commandLine.length() > 0) {
            suffix = commandLine.getArgument(0);
            commandLine.removeArguments(0, 0);
        }
        if (commandLine.length() > 0) {
            throw new IllegalArgumentException(commandLine.length() + " unknown command args exist, closing: "
                    + commandLine.arguments() + "; usage: " + USAGE);
        }
        OptionalInt testSleep = sleep.isPresent() ? parseInt(sleep.get())
                : preferenceSleepMillis > 0 ? OptionalInt.of(preferenceSleepMillis) : OptionalInt.empty();
        return new RemoveDirectoryArguments(parent(parentArgument), checkChildName(childName), seconds, suffix,
                testSleep, metricsId);
    }

    /** Firefox's nsIFile.initWithPath: an absolute path, else an error. */
    private static Path parent(String argument) {
        if (argument.isEmpty()) {
            throw new IllegalArgumentException("the parent directory is empty");
        }
        Path parent;
        try {
            parent = Path.of(argument);
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("the parent directory is not a valid path: " + e.getMessage());
        }
        if (!parent.isAbsolute()) {
            throw new IllegalArgumentException("the parent directory must be an absolute path: " + argument);
        }
        return parent;
    }

    /**
     * Beyond Firefox, which appends the name to the parent as given: a single name, so that the child
     * is always an entry of the parent, never the parent itself or anything outside it.
     */
    static String checkChildName(String name) {
        if (name.equals(".") || name.equals("..") || name.indexOf('/') >= 0 || name.indexOf(File.separatorChar) >= 0
                || name.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("the child must be a single name inside the parent directory, not '"
                    + name + "'");
        }
        return name;
    }

    /**
     * JavaScript's {@code parseInt(s)} for what Firefox's task reads: leading white space, a sign, then
     * decimal digits (or hexadecimal after {@code 0x}) up to the first other character; empty where
     * JavaScript gives NaN. Values beyond int are clamped.
     */
    static OptionalInt parseInt(String s) {
        int i = 0;
        int n = s.length();
        while (i < n && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        boolean negative = false;
        if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            negative = s.charAt(i) == '-';
            i++;
        }
        int radix = 10;
        if (i + 1 < n && s.charAt(i) == '0' && (s.charAt(i + 1) == 'x' || s.charAt(i + 1) == 'X')) {
            radix = 16;
            i += 2;
        }
        long value = 0;
        int digits = 0;
        for (; i < n; i++) {
            int d = Character.digit(s.charAt(i), radix);
            if (d < 0 || s.charAt(i) > 'z') {
                break;
            }
            value = Math.min(value * radix + d, Integer.MAX_VALUE + 1L);
            digits++;
        }
        if (digits == 0) {
            return OptionalInt.empty();
        }
        long signed = negative ? -value : value;
        return OptionalInt.of((int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, signed)));
    }
}
