package dev.backgroundtasks.task.history.internal;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One line of {@code history.jsonl}: a flat JSON object whose values are strings, numbers, booleans or
 * null, as the launcher writes it. Read by a small parser so that the task needs no JSON library.
 */
final class HistoryLine {
    private final String text;
    private final Map<String, Object> values;

    private HistoryLine(String text, Map<String, Object> values) {
        this.text = text;
        this.values = values;
    }

    /** @throws IllegalArgumentException when the line is not such an object */
    static HistoryLine parse(String text) {
        Parser p = new Parser(text);
        Map<String, Object> values = p.object();
        return new HistoryLine(text, values);
    }

    String text() {
        return text;
    }

    /** A string value, or null when absent or null. */
    String string(String key) {
        Object v = values.get(key);
        return v == null ? null : v.toString();
    }

    /** A value as text: numbers as written, null as "-". */
    String value(String key) {
        Object v = values.get(key);
        return v == null ? "-" : v.toString();
    }

    private static final class Parser {
        private final String s;
        private int i;

        Parser(String s) {
            this.s = s;
        }

        Map<String, Object> object() {
            Map<String, Object> values = new LinkedHashMap<>();
            skipSpace();
            expect('{');
            skipSpace();
            if (peek() == '}') {
                i++;
            } else {
                while (true) {
                    skipSpace();
                    String key = string();
                    skipSpace();
                    expect(':');
                    skipSpace();
                    values.put(key, value());
                    skipSpace();
                    char c = next();
                    if (c == '}') {
                        break;
                    }
                    if (c != ',') {
                        throw error("',' or '}'");
                    }
                }
            }
            skipSpace();
            if (i != s.length()) {
                throw error("the end of the line");
            }
            return values;
        }

        private Object value() {
            char c = peek();
            if (c == '"') {
                return string();
            }
            for (String word : new String[] {"null", "true", "false"}) {
                if (s.startsWith(word, i)) {
                    i += word.length();
                    return word.equals("null") ? null : word;
                }
            }
            int start = i;
            while (i < s.length() && "+-0123456789.eE".indexOf(s.charAt(i)) >= 0) {
                i++;
            }
            if (start == i) {
                throw error("a value");
            }
            String number = s.substring(start, i);
            try {
                Double.parseDouble(number);
            } catch (NumberFormatException e) {
                throw error("a number");
            }
            return number;
        }

        private String string() {
            expect('"');
            StringBuilder b = new StringBuilder();
            while (true) {
                char c = next();
                if (c == '"') {
                    return b.toString();
                }
                if (c < 0x20) {
                    throw error("no raw control character");
                }
                if (c != '\\') {
                    b.append(c);
                    continue;
                }
                char e = next();
                switch (e) {
                    case '"': case '\\': case '/': b.append(e); break;
                    case 'n': b.append('\n'); break;
                    case 'r': b.append('\r'); break;
                    case 't': b.append('\t'); break;
                    case 'b': b.append('\b'); break;
                    case 'f': b.append('\f'); break;
                    case 'u':
                        if (i + 4 > s.length()) {
                            throw error("four hex digits");
                        }
                        try {
                            b.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
                        } catch (NumberFormatException x) {
                            throw error("four hex digits");
                        }
                        i += 4;
                        break;
                    default:
                        throw error("an escape");
                }
            }
        }

        private void skipSpace() {
            while (i < s.length() && " \t\r\n".indexOf(s.charAt(i)) >= 0) {
                i++;
            }
        }

        private char peek() {
            if (i >= s.length()) {
                throw error("more");
            }
            return s.charAt(i);
        }

        private char next() {
            char c = peek();
            i++;
            return c;
        }

        private void expect(char c) {
            if (next() != c) {
                throw error("'" + c + "'");
            }
        }

        private IllegalArgumentException error(String expected) {
            return new IllegalArgumentException("expected " + expected + " at " + i);
        }
    }
}
