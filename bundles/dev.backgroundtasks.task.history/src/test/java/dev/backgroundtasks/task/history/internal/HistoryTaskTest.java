package dev.backgroundtasks.task.history.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

class HistoryTaskTest {
    @Test
    void parsesTheLinesTheLauncherWrites() {
        HistoryLine line = HistoryLine.parse("{\"task\":\"t\",\"exitCode\":143,\"reason\":\"a \\\"q\\\" \\n \\u00e9 \\\\\",\"profile\":null}");
        assertEquals("t", line.string("task"));
        assertEquals("143", line.value("exitCode"));
        assertEquals("a \"q\" \n é \\", line.string("reason"));
        assertNull(line.string("profile"));
        assertEquals("-", line.value("profile"));
    }

    @Test
    void rejectsWhatIsNotOneFlatObject() {
        for (String bad : List.of("", "{", "{\"a\":}", "{\"a\":1,}", "{\"a\":1} x", "[1]", "{\"a\":\"\u0001\"}",
                "{\"a\":\"\\x\"}", "{\"a\":--}")) {
            assertThrows(IllegalArgumentException.class, () -> HistoryLine.parse(bad), bad);
        }
    }

    @Test
    void withoutTheLaunchersFolderItSaysSo() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new HistoryTask((java.nio.file.Path) null).run(List.of(), System.out,
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(1, code);
        assertEquals(true, err.toString(StandardCharsets.UTF_8).contains("dev.backgroundtasks.history.dir"));
    }
}
