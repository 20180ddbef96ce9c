package dev.backgroundtasks.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

/**
 * README's retry table (between the {@code retry-table} markers) says what
 * {@link ExitCode#isRetryable} and {@link ExitCode#neverRetryable} say, row by row and code by code.
 */
class ExitCodeRetryTableTest {
    static final Path README = Path.of(System.getProperty("backgroundtasks.readme", "../../README.md"));

    record Row(List<Integer> codes, String name, String retry) {
    }

    static List<Row> table() throws IOException {
        List<String> lines = Files.readAllLines(README, StandardCharsets.UTF_8);
        int start = indexOf(lines, "<!-- retry-table");
        int end = indexOf(lines, "<!-- /retry-table -->");
        assertTrue(start >= 0 && end > start, "README.md has the retry table between its markers");
        assertEquals("| code | name | retry |", lines.get(start + 1));
        assertEquals("|---|---|---|", lines.get(start + 2));
        List<Row> rows = new ArrayList<>();
        for (String line : lines.subList(start + 3, end)) {
            String[] cells = line.split("\\|");
            assertEquals(4, cells.length, line);
            rows.add(new Row(codes(cells[1].strip()), cells[2].strip(), cells[3].strip()));
        }
        return rows;
    }

    private static int indexOf(List<String> lines, String prefix) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith(prefix)) {
                return i;
            }
        }
        return -1;
    }

    /** {@code 4}, {@code 11..125} or {@code 129, 130, 143}. */
    private static List<Integer> codes(String cell) {
        List<Integer> codes = new ArrayList<>();
        for (String part : cell.split(",")) {
            String[] range = part.strip().split("\\.\\.");
            int from = Integer.parseInt(range[0]);
            int to = range.length == 2 ? Integer.parseInt(range[1]) : from;
            for (int c = from; c <= to; c++) {
                codes.add(c);
            }
        }
        return codes;
    }

    @Test
    void everyRowSaysWhatTheConstantsSay() throws IOException {
        for (Row row : table()) {
            for (int code : row.codes()) {
                assertEquals(ExitCode.name(code), row.name(), "name of " + code);
                String expected = code == ExitCode.SUCCESS ? "no: nothing to retry"
                        : ExitCode.isRetryable(code) ? "yes" : "never";
                assertEquals(expected, row.retry(), "retry of " + code);
            }
        }
    }

    @Test
    void theTableCoversEveryDocumentedCodeAndEveryNeverRetryableOne() throws IOException {
        Set<Integer> documented = new TreeSet<>();
        table().forEach(r -> documented.addAll(r.codes()));
        Set<Integer> expected = new TreeSet<>(List.of(ExitCode.SUCCESS, ExitCode.FAILURE, ExitCode.NOT_FOUND,
                ExitCode.EXCEPTION, ExitCode.TIMEOUT, ExitCode.LOAD_FAILED, ExitCode.ALREADY_RUNNING, ExitCode.USAGE,
                ExitCode.SIGHUP, ExitCode.SIGINT, ExitCode.SIGTERM));
        for (int c = ExitCode.LAST_RESERVED + 1; c <= ExitCode.LAST_TASK_CODE; c++) {
            expected.add(c);
        }
        assertEquals(expected, documented);
        Set<Integer> never = table().stream().filter(r -> r.retry().equals("never"))
                .flatMap(r -> r.codes().stream()).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(Arrays.stream(ExitCode.neverRetryable()).boxed().collect(Collectors.toCollection(TreeSet::new)), never);
    }
}
