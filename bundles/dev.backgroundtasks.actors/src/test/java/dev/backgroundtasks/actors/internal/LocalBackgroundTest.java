package dev.backgroundtasks.actors.internal;

import static dev.backgroundtasks.actors.internal.Harness.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import dev.backgroundtasks.actors.Background;
import dev.backgroundtasks.actors.ChildActor;
import dev.backgroundtasks.actors.DestroyReason;
import dev.backgroundtasks.api.FrameworkProperties;

class LocalBackgroundTest {

    @Test
    void thePendingQueueRefusesWhatIsOverItsBoundAndThePairLivesOn() throws Exception {
        try (Harness harness = new Harness(Harness.Transport.IN_PROCESS)) {
            ChildActor<Echo.ToParent, Echo.ToChild> child = harness.open(Harness.queue());
            await(child.request(new Echo.Ask("up", 0)));
            CompletionStage<Integer> slow = child.request(new Echo.Slow(2000)); // holds the background thread
            assertTrue(harness.factory.slowsBegun.tryAcquire(30, TimeUnit.SECONDS), "the background thread took Slow");
            int accepted = 0;
            for (int i = 0; i < InProcessPair.PENDING_LIMIT + 500; i++) {
                if (child.send(new Echo.Say("s", accepted, false))) {
                    accepted++;
                }
            }
            assertEquals(InProcessPair.PENDING_LIMIT, accepted);
            ExecutionException refused = assertThrows(ExecutionException.class,
                    () -> await(child.request(new Echo.Ask("full", 1))));
            assertInstanceOf(RejectedExecutionException.class, refused.getCause());
            assertEquals(2000, await(slow));
            // once the background thread took a queued message, the queue has room again
            assertTrue(harness.factory.saysTaken.tryAcquire(30, TimeUnit.SECONDS), "the background thread took a Say");
            Echo.Answer answer = await(child.request(new Echo.Ask("after", 2)));
            assertEquals(InProcessPair.PENDING_LIMIT, answer.said(), "every accepted message, in order");
            assertTrue(harness.factory.received.isEmpty(), () -> harness.factory.received.toString());
            assertFalse(child.destroyed().toCompletableFuture().isDone());
        }
    }

    @Test
    void backgroundStartServesItsFactoriesInProcessOnly() throws Exception {
        EchoFactory factory = new EchoFactory();
        Background background = Background.start(List.of(factory));
        ChildActor<Echo.ToParent, Echo.ToChild> child = background.open(Echo.PROTOCOL, message -> { }, Runnable::run);
        assertEquals(1, await(child.request(new Echo.Ask("x", 1))).seq());
        assertFalse(background.isApplicationRunning());
        assertEquals(DestroyReason.FAILED_CONSTRUCTOR, await(background.openToApplication(Echo.PROTOCOL,
                message -> { }, Runnable::run).destroyed()));
        ((LocalBackground) background).shutdown(1000);
        assertEquals(DestroyReason.NORMAL_SHUTDOWN, await(child.destroyed()));
    }

    @Test
    void inProcessUseNeverLoadsTheWireFormatNorTheSocket() throws Exception {
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xlog:class+load=info", "-cp", Forks.classPath(), InProcessOnly.class.getName())
                .redirectErrorStream(true).start();
        String output = Forks.rest(process);
        assertTrue(output.contains("ANSWER 1"), output);
        List<String> loaded = output.lines().filter(l -> l.contains("class,load")).toList();
        assertTrue(loaded.stream().anyMatch(l -> l.contains("dev.backgroundtasks.actors.internal.InProcessPair")));
        for (String unwanted : List.of("com.fasterxml", "actors.internal.Wire", "actors.internal.SocketConnection",
                "actors.internal.ApplicationClient", "actors.internal.ApplicationEndpoint", "jdk.net")) {
            assertTrue(loaded.stream().noneMatch(l -> l.contains(unwanted)), unwanted + " was loaded");
        }
    }

    @Test
    void theComponentReadsTheFrameworkPropertiesListensInNormalModeAndCleansUp() throws Exception {
        Path directory = Harness.runtimeDirectory();
        PrintStream stderr = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            BackgroundComponent application = new BackgroundComponent(null, FrameworkProperties.MODE_NORMAL, directory.toString(), "20", "2");
            EchoFactory factory = new EchoFactory();
            application.serve(factory);
            application.activate();
            assertTrue(Files.exists(directory.resolve(FrameworkProperties.APPLICATION_SOCKET)));
            assertTrue(application.isApplicationRunning());
            // in the application, openToApplication stays in process
            ChildActor<Echo.ToParent, Echo.ToChild> local = application.openToApplication(Echo.PROTOCOL, m -> { },
                    Runnable::run);
            assertEquals(30, await(local.request(new Echo.Slow(30))));
            assertTrue(captured.toString(StandardCharsets.UTF_8).contains("slowHandlerMs is 20"),
                    "the preference arrives as a framework property; reports follow a swapped System.err");

            BackgroundComponent task = new BackgroundComponent(null, FrameworkProperties.MODE_BACKGROUND, directory.toString(), null, null);
            task.activate();
            assertFalse(Files.exists(directory.resolve("other.sock")));
            assertTrue(task.isApplicationRunning());
            ChildActor<Echo.ToParent, Echo.ToChild> remote = task.openToApplication(Echo.PROTOCOL, m -> { },
                    Runnable::run);
            assertEquals(2, await(remote.request(new Echo.Ask("x", 2))).seq());
            assertEquals(List.of(false, true), factory.otherProcess);

            application.withdraw(factory);
            assertEquals(DestroyReason.NORMAL_SHUTDOWN, await(remote.destroyed()), "its factory went away");
            assertEquals(DestroyReason.NORMAL_SHUTDOWN, await(local.destroyed()));

            application.deactivate();
            assertFalse(Files.exists(directory.resolve(FrameworkProperties.APPLICATION_SOCKET)), "removed at deactivate");
            assertFalse(task.isApplicationRunning());
            task.deactivate();
        } finally {
            System.setErr(stderr);
            Harness.delete(directory);
        }
    }
}
