package dev.backgroundtasks.testing.framework;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.backgroundtasks.api.CommandLine;

/**
 * The task's arguments verbatim, with nsICommandLine's flag methods as the contract gives them: a flag
 * is named without dashes, and {@code -x}, {@code --x}, {@code -x=v}, {@code --x=v} match it.
 */
final class CommandLineArguments implements CommandLine {
    private final List<String> arguments;

    CommandLineArguments(List<String> arguments) {
        this.arguments = new ArrayList<>(arguments);
    }

    @Override
    public synchronized int length() {
        return arguments.size();
    }

    @Override
    public synchronized String getArgument(int index) {
        if (index < 0 || index >= arguments.size()) {
            throw new IndexOutOfBoundsException("argument " + index + " of " + arguments.size());
        }
        return arguments.get(index);
    }

    @Override
    public synchronized boolean findFlag(String flag, boolean caseSensitive) {
        return indexOf(flag, caseSensitive) >= 0;
    }

    @Override
    public synchronized boolean handleFlag(String flag, boolean caseSensitive) {
        int index = indexOf(flag, caseSensitive);
        if (index < 0) {
            return false;
        }
        arguments.remove(index);
        return true;
    }

    @Override
    public synchronized Optional<String> handleFlagWithParam(String flag, boolean caseSensitive) {
        int index = indexOf(flag, caseSensitive);
        if (index < 0) {
            return Optional.empty();
        }
        String argument = arguments.get(index);
        int equals = argument.indexOf('=');
        if (equals >= 0) {
            arguments.remove(index);
            return Optional.of(argument.substring(equals + 1));
        }
        if (index + 1 >= arguments.size() || arguments.get(index + 1).startsWith("-")) {
            throw new IllegalArgumentException("flag " + argument + " needs a value");
        }
        String value = arguments.get(index + 1);
        arguments.subList(index, index + 2).clear();
        return Optional.of(value);
    }

    @Override
    public synchronized void removeArguments(int start, int endInclusive) {
        if (start < 0 || endInclusive >= arguments.size() || start > endInclusive + 1) {
            throw new IndexOutOfBoundsException("arguments " + start + ".." + endInclusive + " of " + arguments.size());
        }
        arguments.subList(start, endInclusive + 1).clear();
    }

    @Override
    public synchronized List<String> arguments() {
        return List.copyOf(arguments);
    }

    private int indexOf(String flag, boolean caseSensitive) {
        for (int i = 0; i < arguments.size(); i++) {
            String name = flagName(arguments.get(i));
            if (name != null && (caseSensitive ? name.equals(flag) : name.equalsIgnoreCase(flag))) {
                return i;
            }
        }
        return -1;
    }

    /** {@code x} for -x, --x, -x=v and --x=v; null for anything else. */
    private static String flagName(String argument) {
        String name;
        if (argument.startsWith("--")) {
            name = argument.substring(2);
        } else if (argument.startsWith("-")) {
            name = argument.substring(1);
        } else {
            return null;
        }
        int equals = name.indexOf('=');
        return equals >= 0 ? name.substring(0, equals) : name;
    }
}
