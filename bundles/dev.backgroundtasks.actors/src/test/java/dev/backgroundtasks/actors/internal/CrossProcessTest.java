package dev.backgroundtasks.actors.internal;

import static dev.backgroundtasks.actors.internal.Harness.await;
import static dev.backgroundtasks.actors.internal.Harness.take;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;

import org.junit.jupiter.api.Test;

import dev.backgroundtasks.actors.ActorDestroyedException;
import dev.backgroundtasks.actors.ChildActor;
import dev.backgroundtasks.actors.DestroyReason;
import dev.backgroundtasks.api.FrameworkProperties;

/** Real processes on both sides of the socket: one JVM plays the application, others the tasks. */
class CrossProcessTest {
    /** 20 x 1,000 as the issue asks; -Dactors.test.processes and -Dactors.test.requests scale it down. */
    private static final int PROCESSES = Integer.getInteger("actors.test.processes", 20);
    private static final int REQUESTS = Integer.getInteger("actors.test.requests", 1000);

    @Test
    void concurrentTaskProcessesAllGetTheirOwnReplies() throws Exception {
        try (Harness harness = new Harness(Harness.Transport.SOCKET)) {
            List<Process> tasks = new ArrayList<>();
            for (int i = 0; i < PROCESSES; i++) {
                tasks.add(Forks.start(ForkedTask.class, harness.runtimeDirectory.toString(), "requests",
                        String.valueOf(REQUESTS)));
            }
            for (Process task : tasks) {
                String output = Forks.rest(task);
                assertEquals(0, task.exitValue(), output);
                assertTrue(output.contains("OK " + REQUESTS), output);
            }
            assertEquals(PROCESSES, harness.factory.created.get());
            for (int i = 0; i < PROCESSES; i++) {
                assertEquals(DestroyReason.NORMAL_SHUTDOWN, take(harness.factory.destroyed),
                        "each task shut down in order");
            }
            assertEquals(List.of(), harness.factory.wrongThreads);
        }
    }

    @Test
    void aKilledTaskGivesAbnormalShutdownAndTheApplicationServesTheNext() throws Exception {
        try (Harness harness = new Harness(Harness.Transport.SOCKET)) {
            Process task = Forks.start(ForkedTask.class, harness.runtimeDirectory.toString(), "hold");
            Forks.awaitLine(task, "READY");
            assertEquals("held", take(harness.factory.received));
            task.destroyForcibly(); // SIGKILL
            task.waitFor();
            assertEquals(DestroyReason.ABNORMAL_SHUTDOWN, take(harness.factory.destroyed));
            ChildActor<Echo.ToParent, Echo.ToChild> next = harness.open(Harness.queue());
            assertEquals(5, await(next.request(new Echo.Ask("next", 5))).seq());
        }
    }

    @Test
    void aKilledApplicationGivesAbnormalShutdownToEveryTask() throws Exception {
        Path directory = Harness.runtimeDirectory();
        LocalBackground client = LocalBackground.create(LocalBackground.Options.defaults().runtimeDirectory(directory));
        Process application = Forks.start(ForkedApplication.class, directory.toString());
        try {
            Forks.awaitLine(application, "READY");
            Process task = Forks.start(ForkedTask.class, directory.toString(), "await");
            Forks.awaitLine(task, "READY");
            ChildActor<Echo.ToParent, Echo.ToChild> child = client.openToApplication(Echo.PROTOCOL, m -> { },
                    Runnable::run);
            assertEquals(1, await(child.request(new Echo.Ask("up", 1))).seq());
            CompletionStage<String> held = child.request(new Echo.Hold());
            assertTrue(client.isApplicationRunning());

            application.destroyForcibly(); // SIGKILL, mid-conversation
            application.waitFor();
            assertEquals(DestroyReason.ABNORMAL_SHUTDOWN, await(child.destroyed()));
            ExecutionException failure = assertThrows(ExecutionException.class, () -> await(held));
            assertEquals(DestroyReason.ABNORMAL_SHUTDOWN, ((ActorDestroyedException) failure.getCause()).reason());
            String output = Forks.rest(task);
            assertEquals(42, task.exitValue(), "the task exits with its own code: " + output);

            assertTrue(Files.exists(directory.resolve(FrameworkProperties.APPLICATION_SOCKET)), "the killed one left it");
            assertFalse(client.isApplicationRunning(), "a stale socket is no application");
            assertEquals(DestroyReason.FAILED_CONSTRUCTOR, await(client.openToApplication(Echo.PROTOCOL, m -> { },
                    Runnable::run).destroyed()));

            Process restarted = Forks.start(ForkedApplication.class, directory.toString());
            try {
                Forks.awaitLine(restarted, "READY");
                assertEquals(2, await(client.openToApplication(Echo.PROTOCOL, m -> { }, Runnable::run)
                        .request(new Echo.Ask("again", 2))).seq());
            } finally {
                restarted.getOutputStream().close();
                Forks.rest(restarted);
            }
        } finally {
            application.destroyForcibly();
            client.shutdown(2000);
            Harness.delete(directory);
        }
    }

    @Test
    void theApplicationsOrderlyEndGivesNormalShutdownAndRemovesTheSocket() throws Exception {
        Path directory = Harness.runtimeDirectory();
        Process application = Forks.start(ForkedApplication.class, directory.toString());
        try {
            Forks.awaitLine(application, "READY");
            Process task = Forks.start(ForkedTask.class, directory.toString(), "await");
            Forks.awaitLine(task, "READY");
            application.getOutputStream().close(); // the application shuts down in order
            String said = Forks.rest(application);
            assertTrue(said.contains("BYE"), said);
            String output = Forks.rest(task);
            assertEquals(43, task.exitValue(), "NORMAL_SHUTDOWN for the pair and its request: " + output);
            assertFalse(Files.exists(directory.resolve(FrameworkProperties.APPLICATION_SOCKET)));
        } finally {
            application.destroyForcibly();
            Harness.delete(directory);
        }
    }
}
