package dev.backgroundtasks.itests;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the launcher's graph report (BACKGROUNDTASKS_GRAPH_FILE). The report is small and flat, so the
 * few fields the tests need are read with patterns instead of a JSON library.
 */
record Graph(String text) {
    static Graph read(Path file) throws Exception {
        return new Graph(Files.readString(file));
    }

    String mode() {
        return field("mode");
    }

    String field(String name) {
        Matcher m = Pattern.compile("\"" + name + "\": (null|\"([^\"]*)\")").matcher(text);
        return m.find() ? m.group(2) : null;
    }

    /** The values of one key inside one top-level array, in order. */
    List<String> values(String array, String key) {
        int start = text.indexOf("\"" + array + "\": [");
        if (start < 0) {
            return List.of();
        }
        int end = text.indexOf("\n  ]", start);
        String section = end < 0 ? text.substring(start) : text.substring(start, end);
        List<String> values = new ArrayList<>();
        Matcher m = Pattern.compile("\"" + key + "\": (\\[\\s*)?\"([^\"]*)\"").matcher(section);
        while (m.find()) {
            values.add(m.group(2));
        }
        return values;
    }

    /** category/component pairs as "category component". */
    List<String> categories() {
        List<String> c = values("categories", "category");
        List<String> n = values("categories", "component");
        List<String> out = new ArrayList<>();
        for (int i = 0; i < c.size(); i++) {
            out.add(c.get(i) + " " + n.get(i).substring(n.get(i).lastIndexOf('.') + 1));
        }
        return out;
    }

    Map<String, String> unused() {
        return Map.of();
    }
}
