package com.example.reportsender;

import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

import org.osgi.service.component.annotations.Component;

import dev.backgroundtasks.api.BackgroundTask;
import dev.backgroundtasks.api.TaskContext;
import dev.backgroundtasks.api.TaskDefinition;

/**
 * {@code java -jar launcher.jar --profile APP_PROFILE --backgroundtask send-reports [ENDPOINT]}: posts the
 * JSON reports an application queued in its profile ({@code reports/pending/*.json}) to ENDPOINT, oldest
 * first, with retries; the exit code says how it went ({@link Outcome}).
 *
 * <p>Meant for cron or a systemd timer: a no-output task (it prints only under {@code --attach-console}),
 * the run's result is in {@code reports/last-run.properties}; a timeout of 5 minutes bounds a run whatever
 * the network does, and a run stopped by it keeps the queue consistent (the shutdown blocker).
 */
@Component(service = BackgroundTask.class)
@TaskDefinition(name = "send-reports", timeoutSec = 300, noOutput = true)
public class ReportSender implements BackgroundTask {
    @Override
    public CompletionStage<Integer> run(TaskContext context) {
        ReportQueue queue = new ReportQueue(context.profileDirectory());
        Settings settings;
        try {
            settings = Settings.of(context.commandLine(), context.preferences());
        } catch (IllegalArgumentException e) {
            System.err.println("send-reports: " + e.getMessage());
            recordBadConfiguration(queue, e.getMessage());
            return CompletableFuture.completedFuture(Outcome.BAD_CONFIGURATION.exitCode());
        }
        Delivery delivery = new Delivery(settings, queue, context.scheduler(), context.shutdown());
        context.shutdown().addBlocker("send-reports: keep the queue consistent", delivery::interrupt);
        return delivery.run().exceptionally(failure -> {
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                    ? failure.getCause() : failure;
            if (cause instanceof UncheckedIOException) {
                System.err.println("send-reports: " + cause.getMessage() + ": " + cause.getCause());
                return Outcome.QUEUE_ERROR;
            }
            throw failure instanceof CompletionException c ? c : new CompletionException(failure);
        }).thenApply(outcome -> {
            delivery.finish(outcome.id(), outcome.exitCode());
            return outcome.exitCode();
        });
    }

    private static void recordBadConfiguration(ReportQueue queue, String why) {
        try {
            queue.writeStatus(Map.of("result", Outcome.BAD_CONFIGURATION.id(),
                    "exitCode", Integer.toString(Outcome.BAD_CONFIGURATION.exitCode()),
                    "error", why, "finishedAt", Instant.now().toString()));
        } catch (UncheckedIOException e) {
            System.err.println("send-reports: " + e.getMessage() + ": " + e.getCause());
        }
    }
}
