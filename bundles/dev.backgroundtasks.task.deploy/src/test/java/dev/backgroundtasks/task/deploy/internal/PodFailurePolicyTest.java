package dev.backgroundtasks.task.deploy.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.backgroundtasks.api.ExitCode;
import tools.jackson.databind.JsonNode;

/** The job engine's retry decision is the exit-code table's: read back from the YAML that is printed. */
class PodFailurePolicyTest {

    @Test
    void theJobFailsAtOnceOnExactlyTheNeverRetryableCodes() {
        for (String kind : List.of("--job", "--schedule=@hourly")) {
            String yaml = KubernetesManifest.yaml(Examples.command("kubernetes", "t", "--image", "i", kind),
                    Examples.task("t", 0, false, false), new RunLimits(600, 10));
            JsonNode doc = StrictKubernetes.tree(yaml);
            JsonNode jobSpec = kind.equals("--job") ? doc.path("spec") : doc.path("spec").path("jobTemplate").path("spec");
            JsonNode rules = jobSpec.path("podFailurePolicy").path("rules");
            assertEquals(2, rules.size(), yaml);

            JsonNode failJob = rules.get(0);
            assertEquals("FailJob", failJob.path("action").asString());
            assertEquals("task", failJob.path("onExitCodes").path("containerName").asString());
            assertEquals("In", failJob.path("onExitCodes").path("operator").asString());
            List<Integer> values = new ArrayList<>();
            for (JsonNode v : failJob.path("onExitCodes").path("values")) {
                assertTrue(v.isInt(), "exit codes are integers: " + v);
                values.add(v.asInt());
            }
            assertArrayEquals(ExitCode.neverRetryable(), values.stream().mapToInt(Integer::intValue).toArray());
            for (int code = 1; code <= 255; code++) {
                assertEquals(!ExitCode.isRetryable(code), values.contains(code), "exit code " + code);
            }

            JsonNode ignore = rules.get(1);
            assertEquals("Ignore", ignore.path("action").asString());
            assertEquals("DisruptionTarget", ignore.path("onPodConditions").get(0).path("type").asString());
            assertFalse(ignore.has("onExitCodes"));
            // every other failure has no rule and so counts against backoffLimit (Kubernetes' default action)
            assertEquals("Never", jobSpec.path("template").path("spec").path("restartPolicy").asString(),
                    "podFailurePolicy requires restartPolicy Never");
        }
    }
}
