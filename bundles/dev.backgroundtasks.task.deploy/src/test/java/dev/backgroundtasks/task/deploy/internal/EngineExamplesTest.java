package dev.backgroundtasks.task.deploy.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.backgroundtasks.api.ExitCode;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The hand-written engine examples of docs/engines.md take their retry decision from the exit-code
 * table: the codes they never retry are {@link ExitCode#neverRetryable()}, no more, no fewer.
 */
class EngineExamplesTest {
    private static String page;

    @BeforeAll
    static void read() throws IOException {
        page = Files.readString(Path.of("../../docs/engines.md"));
    }

    /** The first fenced block of the given language after the heading that starts with {@code heading}. */
    private static String block(String heading, String language) {
        int section = page.indexOf("\n## " + heading);
        assertTrue(section >= 0, "no section " + heading);
        int start = page.indexOf("```" + language + "\n", section);
        int end = page.indexOf("\n```", start + 1);
        assertTrue(start > section && end > start, "no " + language + " block in " + heading);
        return page.substring(start + language.length() + 4, end + 1);
    }

    private static int[] numbers(String text) {
        List<Integer> codes = new ArrayList<>();
        Matcher m = Pattern.compile("\\d+").matcher(text);
        while (m.find()) {
            codes.add(Integer.parseInt(m.group()));
        }
        return codes.stream().mapToInt(Integer::intValue).toArray();
    }

    @Test
    void theTableMarksExactlyTheNeverRetryableCodes() {
        List<Integer> never = new ArrayList<>();
        Matcher m = Pattern.compile("(?m)^\\| (\\d+) \\| \\w+ \\| \\*\\*never\\*\\* \\|").matcher(page);
        while (m.find()) {
            never.add(Integer.parseInt(m.group(1)));
        }
        assertArrayEquals(ExitCode.neverRetryable(), never.stream().mapToInt(Integer::intValue).toArray());
    }

    @Test
    void awsBatchExitsOnExactlyTheNeverRetryableCodes() {
        JsonNode definition = JsonMapper.builder().build().readTree(block("AWS Batch", "json"));
        JsonNode retry = definition.get("retryStrategy");
        List<Integer> exits = new ArrayList<>();
        for (JsonNode condition : retry.get("evaluateOnExit")) {
            assertEquals("EXIT", condition.get("action").asString(), "a failure matching nothing is retried");
            exits.add(Integer.parseInt(condition.get("onExitCode").asString()));
        }
        assertArrayEquals(ExitCode.neverRetryable(), exits.stream().mapToInt(Integer::intValue).toArray());
        assertTrue(exits.size() <= 5, "evaluateOnExit holds at most 5 conditions");
        int attempts = retry.get("attempts").asInt();
        assertTrue(attempts >= 1 && attempts <= 10, "attempts " + attempts);
        assertEquals(610, definition.get("timeout").get("attemptDurationSeconds").asInt());
        assertEquals("--backgroundtask", definition.get("containerProperties").get("command").get(0).asString());
    }

    @Test
    void argoRetriesAllButTheNeverRetryableCodes() {
        JsonNode cron = StrictKubernetes.tree(block("Argo Workflows", "yaml"));
        assertEquals("Forbid", cron.get("spec").get("concurrencyPolicy").asString());
        JsonNode template = cron.get("spec").get("workflowSpec").get("templates").get(0);
        String expression = template.get("retryStrategy").get("expression").asString();
        Matcher list = Pattern.compile("^!\\(asInt\\(lastRetry\\.exitCode\\) in \\[([\\d, ]+)\\]\\)$").matcher(expression);
        assertTrue(list.matches(), expression);
        assertArrayEquals(ExitCode.neverRetryable(), numbers(list.group(1)));
        assertEquals(610, template.get("activeDeadlineSeconds").asInt());
    }

    @Test
    void nomadStopsWithSigtermNeverOverlapsAndNeverRetriesWhatItCannotTellApart() {
        String hcl = block("Nomad", "hcl");
        assertTrue(Pattern.compile("(?m)^\\s*kill_signal\\s*=\\s*\"SIGTERM\"$").matcher(hcl).find(), hcl);
        assertTrue(Pattern.compile("(?m)^\\s*prohibit_overlap\\s*=\\s*true$").matcher(hcl).find(), hcl);
        assertTrue(Pattern.compile("restart \\{\\s*attempts\\s*=\\s*0\\b").matcher(hcl).find(), hcl);
        assertTrue(Pattern.compile("reschedule \\{\\s*attempts\\s*=\\s*0\\b").matcher(hcl).find(), hcl);
        Matcher named = Pattern.compile("Exit codes ([\\d, ]+) \\(ExitCode\\.neverRetryable\\(\\)\\)").matcher(hcl);
        assertTrue(named.find(), hcl);
        assertEquals(Arrays.toString(ExitCode.neverRetryable()), Arrays.toString(numbers(named.group(1))));
    }
}
