package dev.backgroundtasks.task.deploy.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

/** What is written reads back as the same values, with another YAML reader. */
class YamlWriterTest {

    @Test
    void everyStringReadsBackAsThatString() {
        List<String> strings = List.of("", "plain", "batch/v1", "/tmp", "true", "False", "yes", "NO", "on", "off", "y",
                "n", "null", "~", "0", "1", "-1", "3.5", "1e3", "0x1f", "0o17", ".inf", ".NaN", "2001-12-14", "1:20",
                "a: b", "a #b", "#x", "- x", "-", "--backgroundtask", "@daily", "*/15 * * * *", "`x`", "!tag", "&a", "*a",
                "%x", "|", ">", "'q'", "\"dq\"", "back\\slash", "line\nbreak", "tab\there", " lead", "trail ", "[a]",
                "{a}", "a,b", "?", "é", "日本", "😀", "\u0000", "\u007f", "\u2028", "\ufeff");
        Map<String, Object> root = new LinkedHashMap<>();
        for (int i = 0; i < strings.size(); i++) {
            root.put("k" + i, strings.get(i));
        }
        root.put("keys", Map.of("yes", "x"));
        root.put("list", strings);
        String yaml = YamlWriter.document(List.of("comment\nwith a break"), root);
        assertTrue(yaml.chars().allMatch(c -> c == '\n' || (c >= 0x20 && c < 0x7f)), "ASCII only:\n" + yaml);
        JsonNode read = StrictKubernetes.tree(yaml);
        for (int i = 0; i < strings.size(); i++) {
            JsonNode value = read.get("k" + i);
            assertTrue(value.isString(), strings.get(i) + " read as " + value.getNodeType());
            assertEquals(strings.get(i), value.asString());
            assertEquals(strings.get(i), read.get("list").get(i).asString());
        }
        assertEquals("x", read.get("keys").get("yes").asString());
    }

    @Test
    void numbersBooleansEmptyCollectionsAndNesting() {
        Map<String, Object> inner = new LinkedHashMap<>();
        inner.put("num", 610L);
        inner.put("b", false);
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("int", 3);
        root.put("empty", Map.of());
        root.put("none", List.of());
        root.put("items", List.of(inner, List.of(1, 2), "s"));
        String yaml = YamlWriter.document(List.of(), root);
        assertEquals(String.join("\n",
                "int: 3",
                "empty: {}",
                "none: []",
                "items:",
                "  - num: 610",
                "    b: false",
                "  -",
                "    - 1",
                "    - 2",
                "  - s",
                ""), yaml);
        JsonNode read = StrictKubernetes.tree(yaml);
        assertEquals(610, read.get("items").get(0).get("num").asInt());
        assertTrue(read.get("items").get(0).get("b").isBoolean());
        assertEquals(2, read.get("items").get(1).get(1).asInt());
        assertTrue(read.get("empty").isObject() && read.get("none").isArray());
    }
}
