package dev.backgroundtasks.internal.headers;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One clause of an OSGi manifest header (OSGi Core 3.2.4): paths, typed attributes and directives.
 * The launcher and the deploy task read manifests from jars without a framework, so they parse them here.
 */
public record HeaderClause(List<String> paths, Map<String, Object> attributes, Map<String, String> directives) {

    /** Parses a whole header into its clauses; throws IllegalArgumentException when malformed. */
    public static List<HeaderClause> parse(String header) {
        List<HeaderClause> clauses = new ArrayList<>();
        if (header == null || header.isBlank()) {
            return clauses;
        }
        for (String clause : split(header, ',')) {
            if (clause.isBlank()) {
                continue;
            }
            List<String> paths = new ArrayList<>();
            Map<String, Object> attributes = new LinkedHashMap<>();
            Map<String, String> directives = new LinkedHashMap<>();
            for (String part : split(clause, ';')) {
                String p = part.trim();
                if (p.isEmpty()) {
                    continue;
                }
                int eq = indexOfUnquoted(p, '=');
                if (eq < 0) {
                    if (!attributes.isEmpty() || !directives.isEmpty()) {
                        throw new IllegalArgumentException("a path after parameters in '" + clause.trim() + "'");
                    }
                    paths.add(p);
                } else if (eq == 0) {
                    throw new IllegalArgumentException("a parameter without a name in '" + clause.trim() + "'");
                } else if (p.charAt(eq - 1) == ':') {
                    directives.put(p.substring(0, eq - 1).trim(), unquote(p.substring(eq + 1).trim()));
                } else {
                    String key = p.substring(0, eq).trim();
                    String value = unquote(p.substring(eq + 1).trim());
                    int colon = key.indexOf(':');
                    if (colon < 0) {
                        attributes.put(key, value);
                    } else {
                        attributes.put(key.substring(0, colon).trim(),
                                typed(key.substring(colon + 1).trim(), value));
                    }
                }
            }
            if (paths.isEmpty()) {
                throw new IllegalArgumentException("a clause without a name: '" + clause.trim() + "'");
            }
            clauses.add(new HeaderClause(paths, attributes, directives));
        }
        return clauses;
    }

    /** The first path: a clause's name (a package, a bundle, a namespace). */
    public String path() {
        return paths.get(0);
    }

    public String directive(String name, String defaultValue) {
        return directives.getOrDefault(name, defaultValue);
    }

    private static Object typed(String type, String value) {
        switch (type) {
            case "String":
                return value;
            case "Long":
                return Long.valueOf(value.trim());
            case "Double":
                return Double.valueOf(value.trim());
            case "Version":
                return org.osgi.framework.Version.parseVersion(value.trim());
            default:
                if (type.startsWith("List")) {
                    String element = type.contains("<") ? type.substring(type.indexOf('<') + 1, type.indexOf('>')).trim()
                            : "String";
                    List<Object> list = new ArrayList<>();
                    for (String item : splitEscaped(value)) {
                        list.add(typed(element, item));
                    }
                    return list;
                }
                throw new IllegalArgumentException("an unknown attribute type " + type);
        }
    }

    private static List<String> splitEscaped(String value) {
        List<String> items = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\\' && i + 1 < value.length()) {
                current.append(value.charAt(++i));
            } else if (c == ',') {
                items.add(current.toString().trim());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        items.add(current.toString().trim());
        return items;
    }

    private static String unquote(String value) {
        if (value.length() >= 2 && value.charAt(0) == '"' && value.charAt(value.length() - 1) == '"') {
            StringBuilder b = new StringBuilder();
            for (int i = 1; i < value.length() - 1; i++) {
                char c = value.charAt(i);
                if (c == '\\' && i + 1 < value.length() - 1 && value.charAt(i + 1) == '"') {
                    b.append('"');
                    i++;
                } else {
                    b.append(c);
                }
            }
            return b.toString();
        }
        return value;
    }

    private static int indexOfUnquoted(String s, char target) {
        return indexOfUnquoted(s, target, 0);
    }

    /**
     * The index of {@code target} at or after {@code from} outside quotes (a backslash escapes the next
     * character inside quotes), -1 when there is none; throws when {@code s} ends inside a quote.
     */
    private static int indexOfUnquoted(String s, char target, int from) {
        boolean quoted = false;
        for (int i = from; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && quoted) {
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (c == target && !quoted) {
                return i;
            }
        }
        if (quoted) {
            throw new IllegalArgumentException("an unterminated quote in '" + s + "'");
        }
        return -1;
    }

    private static List<String> split(String s, char separator) {
        List<String> parts = new ArrayList<>();
        int start = 0;
        for (int at = indexOfUnquoted(s, separator, start); at >= 0; at = indexOfUnquoted(s, separator, start)) {
            parts.add(s.substring(start, at));
            start = at + 1;
        }
        parts.add(s.substring(start));
        return parts;
    }
}
