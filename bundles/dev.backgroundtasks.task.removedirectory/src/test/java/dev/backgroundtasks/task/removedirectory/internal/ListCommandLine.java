package dev.backgroundtasks.task.removedirectory.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.backgroundtasks.api.CommandLine;

/** The contract's CommandLine (section 2) over a list, as the launcher gives it to a task. */
final class ListCommandLine implements CommandLine {
    private final List<String> arguments;

    ListCommandLine(String... arguments) {
        this.arguments = new ArrayList<>(List.of(arguments));
    }

    @Override
    public int length() {
        return arguments.size();
    }

    @Override
    public String getArgument(int index) {
        return arguments.get(index);
    }

    @Override
    public boolean findFlag(String flag, boolean caseSensitive) {
        return indexOf(flag, caseSensitive) >= 0;
    }

    @Override
    public boolean handleFlag(String flag, boolean caseSensitive) {
        int i = indexOf(flag, caseSensitive);
        if (i >= 0) {
            arguments.remove(i);
        }
        return i >= 0;
    }

    @Override
    public Optional<String> handleFlagWithParam(String flag, boolean caseSensitive) {
        int i = indexOf(flag, caseSensitive);
        if (i < 0) {
            return Optional.empty();
        }
        String argument = arguments.get(i);
        int eq = argument.indexOf('=');
        if (eq >= 0) {
            arguments.remove(i);
            return Optional.of(argument.substring(eq + 1));
        }
        if (i + 1 >= arguments.size() || arguments.get(i + 1).startsWith("-")) {
            throw new IllegalArgumentException("flag " + argument + " requires a value");
        }
        String value = arguments.get(i + 1);
        removeArguments(i, i + 1);
        return Optional.of(value);
    }

    @Override
    public void removeArguments(int start, int endInclusive) {
        arguments.subList(start, endInclusive + 1).clear();
    }

    @Override
    public List<String> arguments() {
        return List.copyOf(arguments);
    }

    private int indexOf(String flag, boolean caseSensitive) {
        for (int i = 0; i < arguments.size(); i++) {
            String argument = arguments.get(i);
            if (!argument.startsWith("-")) {
                continue;
            }
            String body = argument.startsWith("--") ? argument.substring(2) : argument.substring(1);
            int eq = body.indexOf('=');
            String name = eq < 0 ? body : body.substring(0, eq);
            if (caseSensitive ? name.equals(flag) : name.equalsIgnoreCase(flag)) {
                return i;
            }
        }
        return -1;
    }
}
