package dev.backgroundtasks.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@link CommandLine#of}: nsICommandLine over a list. The arguments stay verbatim; only the find and
 * handle methods read dashes and '=' (a flag x matches -x, --x, -x=v and --x=v).
 */
final class ArgumentList implements CommandLine {
    private final List<String> arguments;

    ArgumentList(List<String> arguments) {
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
        int i = indexOf(flag, caseSensitive);
        if (i < 0) {
            return false;
        }
        arguments.remove(i);
        return true;
    }

    @Override
    public synchronized Optional<String> handleFlagWithParam(String flag, boolean caseSensitive) {
        int i = indexOf(flag, caseSensitive);
        if (i < 0) {
            return Optional.empty();
        }
        String arg = arguments.get(i);
        int eq = arg.indexOf('=');
        if (eq >= 0) {
            arguments.remove(i);
            return Optional.of(arg.substring(eq + 1));
        }
        if (i + 1 >= arguments.size() || arguments.get(i + 1).startsWith("-")) {
            throw new IllegalArgumentException("flag " + arg + " requires a value");
        }
        String value = arguments.get(i + 1);
        removeArguments(i, i + 1);
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
            String arg = arguments.get(i);
            String body;
            if (arg.startsWith("--")) {
                body = arg.substring(2);
            } else if (arg.startsWith("-")) {
                body = arg.substring(1);
            } else {
                continue;
            }
            int eq = body.indexOf('=');
            String name = eq < 0 ? body : body.substring(0, eq);
            if (caseSensitive ? name.equals(flag) : name.equalsIgnoreCase(flag)) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public synchronized String toString() {
        return arguments.toString();
    }
}
