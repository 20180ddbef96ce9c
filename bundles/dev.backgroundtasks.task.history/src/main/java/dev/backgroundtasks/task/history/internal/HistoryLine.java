package dev.backgroundtasks.task.history.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * One line of {@code history.jsonl}: a flat JSON object whose values are strings, numbers, booleans or
 * null, as the launcher writes it, read with the Jackson the platform ships in {@code bundles/}.
 */
final class HistoryLine {
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();

    private final String text;
    private final JsonNode values;

    private HistoryLine(String text, JsonNode values) {
        this.text = text;
        this.values = values;
    }

    /** @throws IllegalArgumentException when the line is not such an object */
    static HistoryLine parse(String text) {
        JsonNode values;
        try {
            values = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e.getOriginalMessage(), e);
        }
        if (values == null || !values.isObject()) {
            throw new IllegalArgumentException("not a JSON object");
        }
        for (JsonNode v : values) {
            if (v.isContainerNode()) {
                throw new IllegalArgumentException("not a flat JSON object");
            }
        }
        return new HistoryLine(text, values);
    }

    String text() {
        return text;
    }

    /** A string value, or null when absent or null. */
    String string(String key) {
        JsonNode v = values.get(key);
        return v == null || v.isNull() ? null : v.asText();
    }

    /** A value as text: numbers as written, null as "-". */
    String value(String key) {
        String v = string(key);
        return v == null ? "-" : v;
    }
}
