package dev.backgroundtasks.task.deploy.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobSpec;
import tools.jackson.core.JacksonException;

/**
 * Every option combination gives an object that the Kubernetes schema (the fabric8 model, strict)
 * accepts with no unknown field, and whose settings are the ones the task's declaration asks for.
 */
class KubernetesSchemaTest {
    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    private static final long DEFAULT_TIMEOUT = 600;
    private static final long BUDGET = 10;
    private static final RunLimits LIMITS = new RunLimits(DEFAULT_TIMEOUT, BUDGET);

    static Stream<Arguments> combinations() {
        return Examples.combinations().stream().map(Arguments::of);
    }

    @ParameterizedTest
    @MethodSource("combinations")
    void validatesAgainstTheSchemaWithUnknownFieldsRejected(DeployCommand command, TaskDeclaration task) {
        String yaml = KubernetesManifest.yaml(command, task, LIMITS);
        ObjectMeta metadata;
        JobSpec jobSpec;
        if (command.job()) {
            Job job = StrictKubernetes.read(yaml, Job.class);
            assertEquals("batch/v1", job.getApiVersion());
            assertEquals("Job", job.getKind());
            metadata = job.getMetadata();
            jobSpec = job.getSpec();
        } else {
            CronJob cronJob = StrictKubernetes.read(yaml, CronJob.class);
            assertEquals("batch/v1", cronJob.getApiVersion());
            assertEquals("CronJob", cronJob.getKind());
            assertEquals(command.schedule(), cronJob.getSpec().getSchedule());
            assertEquals(task.exclusive() || task.persistentProfile() ? "Forbid" : "Allow",
                    cronJob.getSpec().getConcurrencyPolicy());
            metadata = cronJob.getMetadata();
            jobSpec = cronJob.getSpec().getJobTemplate().getSpec();
            assertTrue(metadata.getName().length() <= DeployCommand.MAX_CRONJOB_NAME, metadata.getName());
        }
        assertTrue(DNS_LABEL.matcher(metadata.getName()).matches(), metadata.getName());
        assertEquals(task.name(), metadata.getAnnotations().get(KubernetesManifest.TASK_ANNOTATION));
        metadata.getLabels().values().forEach(v -> assertTrue(DNS_LABEL.matcher(v).matches() && v.length() <= 63, v));
        assertEquals(command.backoffLimit(), jobSpec.getBackoffLimit());

        PodSpec pod = jobSpec.getTemplate().getSpec();
        assertEquals("Never", pod.getRestartPolicy());
        long timeout = task.timeoutSec() > 0 ? task.timeoutSec() : DEFAULT_TIMEOUT;
        assertEquals(timeout + BUDGET, pod.getActiveDeadlineSeconds());
        assertEquals(BUDGET + RunLimits.GRACE_MARGIN_SEC, pod.getTerminationGracePeriodSeconds());
        assertTrue(pod.getSecurityContext().getRunAsNonRoot());
        assertEquals(65532L, pod.getSecurityContext().getRunAsUser());
        assertEquals("RuntimeDefault", pod.getSecurityContext().getSeccompProfile().getType());
        assertEquals(1, pod.getContainers().size());

        Container container = pod.getContainers().get(0);
        assertEquals(KubernetesManifest.CONTAINER, container.getName());
        assertEquals(command.image(), container.getImage());
        assertTrue(container.getCommand() == null || container.getCommand().isEmpty(), "the image's entry point is the launcher");
        List<String> expectedArgs = new ArrayList<>(List.of("--backgroundtask", task.name()));
        if (!command.taskArguments().isEmpty()) {
            expectedArgs.add("--");
            expectedArgs.addAll(command.taskArguments());
        }
        assertEquals(expectedArgs, container.getArgs());
        assertTrue(container.getSecurityContext().getReadOnlyRootFilesystem());
        assertFalse(container.getSecurityContext().getAllowPrivilegeEscalation());
        assertEquals(List.of("ALL"), container.getSecurityContext().getCapabilities().getDrop());

        Map<String, String> mounts = new HashMap<>();
        container.getVolumeMounts().forEach(m -> mounts.put(m.getMountPath(), m.getName()));
        Map<String, Volume> volumes = new HashMap<>();
        pod.getVolumes().forEach(v -> volumes.put(v.getName(), v));
        assertNotNull(volumes.get(mounts.get("/tmp")).getEmptyDir(), "an emptyDir on /tmp");
        if (task.persistentProfile()) {
            Volume data = volumes.get(mounts.get(KubernetesManifest.DATA_MOUNT));
            assertEquals(command.claimName(), data.getPersistentVolumeClaim().getClaimName());
            assertEquals(KubernetesManifest.DATA_MOUNT, container.getEnv().stream()
                    .filter(e -> e.getName().equals(KubernetesManifest.DATA_DIR_ENV)).findFirst().orElseThrow().getValue());
        } else {
            assertEquals(1, volumes.size());
            assertTrue(container.getEnv() == null || container.getEnv().isEmpty());
        }
    }

    /** The worked examples in deploy/kubernetes (the itests keep them equal to what the task prints). */
    @Test
    void theWorkedExamplesValidate() throws IOException {
        Path examples = Path.of("../../deploy/kubernetes");
        List<Path> files;
        try (Stream<Path> s = Files.list(examples)) {
            files = s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
        assertTrue(files.size() >= 3, files::toString);
        for (Path file : files) {
            String yaml = Files.readString(file);
            Object object = yaml.contains("\nkind: Job\n") ? StrictKubernetes.read(yaml, Job.class)
                    : StrictKubernetes.read(yaml, CronJob.class);
            assertNotNull(object, file::toString);
        }
    }

    /** The check can fail: a field the schema lacks, or a string where it wants a number, is rejected. */
    @Test
    void theStrictReaderRejectsUnknownFieldsAndWrongTypes() {
        String yaml = KubernetesManifest.yaml(Examples.command("kubernetes", "t", "--image", "i", "--job"),
                Examples.task("t", 0, false, false), LIMITS);
        StrictKubernetes.read(yaml, Job.class);
        assertThrows(JacksonException.class, () -> StrictKubernetes.read(
                yaml.replace("restartPolicy: Never", "restartPolicy: Never\n      restartPolicyy: Never"), Job.class));
        assertThrows(JacksonException.class, () -> StrictKubernetes.read(
                yaml.replace("backoffLimit: 3", "backoffLimit: \"3\""), Job.class));
        assertThrows(JacksonException.class, () -> StrictKubernetes.read(
                yaml.replace("kind: Job", "kind: Job\nextra: 1"), Job.class));
    }
}
