package dev.backgroundtasks.task.deploy.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class DeployCommandTest {

    @Test
    void defaults() {
        DeployCommand c = Examples.command("kubernetes", "cleanup", "--image", "app:1");
        assertEquals("cleanup", c.task());
        assertEquals("app:1", c.image());
        assertEquals(DeployCommand.DEFAULT_SCHEDULE, c.schedule());
        assertFalse(c.job());
        assertEquals(DeployCommand.DEFAULT_BACKOFF_LIMIT, c.backoffLimit());
        assertEquals("backgroundtasks-cleanup", c.objectName());
        assertEquals("backgroundtasks-cleanup-data", c.claimName());
        assertEquals(List.of(), c.taskArguments());
    }

    @Test
    void optionsLikeTheLaunchersThenTaskArguments() {
        DeployCommand c = Examples.command("kubernetes", "cleanup", "-IMAGE=app:1", "--schedule", "0 3 * * 1-5",
                "--backoff-limit=0", "--name", "nightly", "--data-claim", "my.claim", "dir", "--verbose");
        assertEquals("app:1", c.image());
        assertEquals("0 3 * * 1-5", c.schedule());
        assertEquals(0, c.backoffLimit());
        assertEquals(Optional.of("nightly"), c.name());
        assertEquals("my.claim", c.claimName());
        assertEquals(List.of("dir", "--verbose"), c.taskArguments());

        DeployCommand dashed = Examples.command("kubernetes", "cleanup", "--image", "app:1", "--job", "--", "--verbose", "--");
        assertTrue(dashed.job());
        assertEquals(List.of("--verbose", "--"), dashed.taskArguments());
    }

    @Test
    void badCommandLinesSayWhy() {
        assertUsage("no engine", List.of());
        assertUsage("unknown engine 'nomad'", List.of("nomad", "t", "--image", "i"));
        assertUsage("no TASK", List.of("kubernetes"));
        assertUsage("not a task name", List.of("kubernetes", "a.b", "--image", "i"));
        assertUsage("not a task name", List.of("kubernetes", "--image", "i"));
        assertUsage("--image IMAGE is required", List.of("kubernetes", "t"));
        assertUsage("requires a value", List.of("kubernetes", "t", "--image"));
        assertUsage("requires a value", List.of("kubernetes", "t", "--image", "--job"));
        assertUsage("not an image reference", List.of("kubernetes", "t", "--image", "a b"));
        assertUsage("given twice", List.of("kubernetes", "t", "--image", "i", "--image", "j"));
        assertUsage("unknown option '--verbose'", List.of("kubernetes", "t", "--image", "i", "--verbose"));
        assertUsage("takes no value", List.of("kubernetes", "t", "--image", "i", "--job=yes"));
        assertUsage("exclude each other", List.of("kubernetes", "t", "--image", "i", "--job", "--schedule", "@daily"));
        assertUsage("is not five cron fields", List.of("kubernetes", "t", "--image", "i", "--schedule", "0 3 * *"));
        assertUsage("is not five cron fields", List.of("kubernetes", "t", "--image", "i", "--schedule", "@every 5m"));
        assertUsage("is not five cron fields", List.of("kubernetes", "t", "--image", "i", "--schedule", "TZ=UTC 0 3 * * *"));
        assertUsage("not a number of retries", List.of("kubernetes", "t", "--image", "i", "--backoff-limit", "x"));
        assertUsage("not a number of retries", List.of("kubernetes", "t", "--image", "i", "--backoff-limit=-1"));
        assertUsage("not a DNS-1123 label", List.of("kubernetes", "t", "--image", "i", "--name", "Nightly"));
        assertUsage("at most 52", List.of("kubernetes", "t", "--image", "i", "--name", "a".repeat(53)));
        Examples.command("kubernetes", "t", "--image", "i", "--job", "--name", "a".repeat(63));
        assertUsage("at most 63", List.of("kubernetes", "t", "--image", "i", "--job", "--name", "a".repeat(64)));
        assertUsage("not a DNS-1123 name", List.of("kubernetes", "t", "--image", "i", "--data-claim", "a_b"));
    }

    private static void assertUsage(String reason, List<String> args) {
        DeployCommand.UsageException e = assertThrows(DeployCommand.UsageException.class, () -> DeployCommand.parse(args));
        assertTrue(e.getMessage().contains(reason), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
    }
}
