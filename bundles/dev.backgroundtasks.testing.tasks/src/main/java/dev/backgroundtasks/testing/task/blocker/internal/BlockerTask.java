package dev.backgroundtasks.testing.task.blocker.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.osgi.service.component.annotations.Component;

import dev.backgroundtasks.api.BackgroundTask;
import dev.backgroundtasks.api.TaskContext;
import dev.backgroundtasks.api.TaskDefinition;

/**
 * Adds shutdown blockers: one that posts to the still running loop and writes MARKER_FILE, and with
 * a second argument {@code fail} one that fails. Exits 0: a failing blocker never changes the code.
 */
@Component(service = BackgroundTask.class)
@TaskDefinition(name = "blocker", minRuntimeMs = 0)
public class BlockerTask implements BackgroundTask {
    @Override
    public CompletionStage<Integer> run(TaskContext context) {
        Path marker = Path.of(context.commandLine().getArgument(0));
        context.shutdown().addBlocker("write marker", () -> context.scheduler().postTask(() -> {
            Files.writeString(marker, "blocker ran, shutdown=" + context.shutdown().isInOrBeyondShutdownPhase());
            return null;
        }));
        if (context.commandLine().length() > 1 && context.commandLine().getArgument(1).equals("fail")) {
            context.shutdown().addBlocker("failing blocker", () -> CompletableFuture.failedFuture(
                    new IllegalStateException("this blocker fails on purpose")));
        }
        return CompletableFuture.completedFuture(0);
    }
}
