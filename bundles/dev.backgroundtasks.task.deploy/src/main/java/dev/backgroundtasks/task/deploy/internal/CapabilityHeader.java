package dev.backgroundtasks.task.deploy.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the clauses of one namespace from a {@code Provide-Capability} header (OSGi Core 3.2.4 syntax:
 * clauses separated by commas, parameters by semicolons, quoted values with backslash escapes,
 * {@code name:Type=value} attributes and {@code name:=value} directives). The framework's own parser
 * is not reachable from a bundle, and the launcher's is internal to the launcher; a task declaration
 * needs only the attributes as text.
 */
final class CapabilityHeader {
    private CapabilityHeader() {
    }

    /**
     * The attributes of every clause that provides {@code namespace}, each as written (type suffixes
     * dropped, quotes removed); directives are left out.
     *
     * @throws IllegalArgumentException when the header is malformed
     */
    static List<Map<String, String>> clauses(String header, String namespace) {
        List<Map<String, String>> result = new ArrayList<>();
        if (header == null) {
            return result;
        }
        for (String clause : split(header, ',')) {
            if (clause.isBlank()) {
                continue;
            }
            List<String> namespaces = new ArrayList<>();
            Map<String, String> attributes = new LinkedHashMap<>();
            for (String parameter : split(clause, ';')) {
                String p = parameter.trim();
                int eq = unquotedIndexOf(p, '=');
                if (eq < 0) {
                    if (!attributes.isEmpty()) {
                        throw new IllegalArgumentException("a namespace after attributes in '" + clause.trim() + "'");
                    }
                    namespaces.add(p);
                } else if (eq == 0) {
                    throw new IllegalArgumentException("a parameter without a name in '" + clause.trim() + "'");
                } else if (p.charAt(eq - 1) != ':') {
                    String key = p.substring(0, eq).trim();
                    int colon = key.indexOf(':');
                    attributes.put((colon < 0 ? key : key.substring(0, colon)).trim(), unquote(p.substring(eq + 1).trim()));
                }
            }
            if (namespaces.contains(namespace)) {
                result.add(attributes);
            }
        }
        return result;
    }

    private static List<String> split(String text, char separator) {
        List<String> parts = new ArrayList<>();
        boolean quoted = false;
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted && c == '\\') {
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (!quoted && c == separator) {
                parts.add(text.substring(start, i));
                start = i + 1;
            }
        }
        if (quoted) {
            throw new IllegalArgumentException("an unterminated quote in '" + text.trim() + "'");
        }
        parts.add(text.substring(start));
        return parts;
    }

    private static int unquotedIndexOf(String text, char wanted) {
        List<String> before = split(text, wanted);
        return before.size() == 1 ? -1 : before.get(0).length();
    }

    private static String unquote(String value) {
        if (value.length() < 2 || value.charAt(0) != '"' || value.charAt(value.length() - 1) != '"') {
            return value;
        }
        StringBuilder b = new StringBuilder(value.length());
        for (int i = 1; i < value.length() - 1; i++) {
            char c = value.charAt(i);
            if (c == '\\' && i + 1 < value.length() - 1) {
                c = value.charAt(++i);
            }
            b.append(c);
        }
        return b.toString();
    }
}
