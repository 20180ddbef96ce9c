package dev.backgroundtasks.launcher.internal.lookup;

/**
 * What a task name may be: 1 to 64 of {@code A-Z a-z 0-9 _ -} (docs/reference/lookup.md). A loop, not a
 * regular expression: the warm client checks names before any pattern or lambda class is loaded.
 */
public final class TaskNames {
    private static final int MAX = 64;

    private TaskNames() {
    }

    public static boolean valid(String name) {
        if (name == null || name.isEmpty() || name.length() > MAX) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_' || c == '-')) {
                return false;
            }
        }
        return true;
    }
}
