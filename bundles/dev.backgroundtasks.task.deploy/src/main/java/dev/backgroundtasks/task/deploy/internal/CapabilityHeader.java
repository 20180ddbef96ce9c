package dev.backgroundtasks.task.deploy.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.backgroundtasks.internal.headers.HeaderClause;

/**
 * Reads the clauses of one namespace from a {@code Provide-Capability} header with the launcher's own
 * parser ({@link HeaderClause}, embedded in this bundle), so that the deploy task accepts and rejects
 * exactly the manifests the launcher's lookup does. A task declaration needs only the attributes as text.
 */
final class CapabilityHeader {
    private CapabilityHeader() {
    }

    /**
     * The attributes of every clause that provides {@code namespace}, each as text (typed values written
     * back as text); directives are left out.
     *
     * @throws IllegalArgumentException when the header is malformed
     */
    static List<Map<String, String>> clauses(String header, String namespace) {
        List<Map<String, String>> result = new ArrayList<>();
        for (HeaderClause clause : HeaderClause.parse(header)) {
            if (clause.paths().contains(namespace)) {
                Map<String, String> attributes = new LinkedHashMap<>();
                clause.attributes().forEach((name, value) -> attributes.put(name, String.valueOf(value)));
                result.add(attributes);
            }
        }
        return result;
    }
}
