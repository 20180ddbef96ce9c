package dev.backgroundtasks.task.deploy.internal;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Writes a tree of maps, lists, strings, numbers and booleans as block-style YAML, the way
 * {@code kubectl} shows objects. A string is written plain only when every YAML 1.1 and 1.2 reader
 * takes it as that string (it starts with a letter, '/' or '_', holds no character YAML gives a meaning
 * to, and is no boolean or null word); anything else is double-quoted, with non-ASCII characters
 * escaped so the output is ASCII whatever the console's encoding.
 */
final class YamlWriter {
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z/_][A-Za-z0-9._/-]*");
    /** Words YAML 1.1 reads as booleans or null (case-insensitive), besides 1.2's true, false and null. */
    private static final Set<String> RESERVED = Set.of("y", "n", "yes", "no", "true", "false", "on", "off", "null");
    private static final String INDENT = "  ";

    private final StringBuilder out = new StringBuilder();

    private YamlWriter() {
    }

    /** One YAML document: {@code #} comment lines, then the tree, ending with a newline. */
    static String document(List<String> comments, Map<String, ?> root) {
        YamlWriter w = new YamlWriter();
        for (String c : comments) {
            w.out.append("# ").append(c.replaceAll("[\\r\\n]", " ")).append('\n');
        }
        w.map(root, "", "");
        return w.out.toString();
    }

    /** {@code first} prefixes the first entry's line (a list item's "- "), {@code indent} the others. */
    private void map(Map<String, ?> map, String first, String indent) {
        String prefix = first;
        for (Map.Entry<String, ?> e : map.entrySet()) {
            out.append(prefix).append(scalar(e.getKey())).append(':');
            value(e.getValue(), indent);
            prefix = indent;
        }
    }

    private void value(Object value, String indent) {
        if (value instanceof Map<?, ?> m && !m.isEmpty()) {
            out.append('\n');
            map(cast(m), indent + INDENT, indent + INDENT);
        } else if (value instanceof List<?> l && !l.isEmpty()) {
            out.append('\n');
            for (Object item : l) {
                if (item instanceof Map<?, ?> m && !m.isEmpty()) {
                    map(cast(m), indent + INDENT + "- ", indent + INDENT + INDENT);
                } else {
                    out.append(indent).append(INDENT).append('-');
                    value(item, indent + INDENT);
                }
            }
        } else {
            out.append(' ').append(scalar(value)).append('\n');
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, ?> cast(Map<?, ?> m) {
        return (Map<String, ?>) m;
    }

    static String scalar(Object value) {
        if (value instanceof Map<?, ?>) {
            return "{}";
        }
        if (value instanceof List<?>) {
            return "[]";
        }
        if (value instanceof Boolean || value instanceof Integer || value instanceof Long) {
            return value.toString();
        }
        if (!(value instanceof String s)) {
            throw new IllegalArgumentException("no YAML form for " + value);
        }
        if (PLAIN.matcher(s).matches() && !RESERVED.contains(s.toLowerCase(java.util.Locale.ROOT))) {
            return s;
        }
        StringBuilder q = new StringBuilder(s.length() + 2).append('"');
        s.codePoints().forEach(c -> {
            switch (c) {
                case '"': q.append("\\\""); break;
                case '\\': q.append("\\\\"); break;
                case '\n': q.append("\\n"); break;
                case '\t': q.append("\\t"); break;
                case '\r': q.append("\\r"); break;
                default:
                    if (c >= 0x20 && c <= 0x7e) {
                        q.append((char) c);
                    } else if (c <= 0xffff) {
                        q.append(String.format("\\u%04x", c));
                    } else {
                        q.append(String.format("\\U%08x", c));
                    }
            }
        });
        return q.append('"').toString();
    }
}
