package dev.backgroundtasks.testing.exam;

import java.util.ArrayList;
import java.util.List;

/** Splitting an OSGi manifest header into clauses, minding quoted commas ({@code uses:="a,b"}). */
final class ManifestClauses {
    private ManifestClauses() {
    }

    static List<String> split(String header) {
        List<String> clauses = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        for (char c : header.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
            }
            if (c == ',' && !quoted) {
                clauses.add(current.toString().trim());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        if (current.length() > 0) {
            clauses.add(current.toString().trim());
        }
        return clauses;
    }

    /** The package names of a clause: {@code a;b;version=1} names a and b. */
    static List<String> names(String clause) {
        List<String> names = new ArrayList<>();
        for (String part : clause.split(";")) {
            String p = part.trim();
            if (p.contains("=")) {
                break;
            }
            names.add(p);
        }
        return names;
    }

    /** The clause for {@code name} alone, with the clause's attributes and directives. */
    static String withName(String clause, String name) {
        StringBuilder s = new StringBuilder(name);
        for (String part : clause.split(";")) {
            if (part.contains("=")) {
                s.append(';').append(part.trim());
            }
        }
        return s.toString();
    }
}
