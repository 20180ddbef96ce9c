package dev.backgroundtasks.launcher.internal.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** One entry, one line, in text or JSON. */
class LogFormatTest {
    private static final long TIME = 1_796_633_458_735L;

    @Test
    void textLine() {
        assertEquals("2026-12-07T08:50:58.735Z WARN b.s.n: two\\nlines",
                LogFormat.TEXT.line(TIME, "WARN", "b.s.n", "logger", "two\nlines", null));
        String withStack = LogFormat.TEXT.line(TIME, "ERROR", "b", null, "m", new IllegalStateException("boom"));
        assertTrue(withStack.startsWith("2026-12-07T08:50:58.735Z ERROR b: m [java.lang.IllegalStateException: boom\\n\\tat "),
                withStack);
        assertEquals(1, withStack.lines().count());
    }

    @Test
    void jsonLine() {
        assertEquals("{\"time\":\"2026-12-07T08:50:58.735Z\",\"level\":\"INFO\",\"bundle\":\"b\",\"logger\":\"l\","
                + "\"message\":\"say \\\"hi\\\"\\u0001\"}", LogFormat.JSON.line(TIME, "INFO", "b", "l", "say \"hi\"\u0001", null));
        assertEquals(LogFormat.JSON, LogFormat.of(" JSON "));
        assertEquals(LogFormat.TEXT, LogFormat.of("xml"));
    }
}
