package com.example.reportsender;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import dev.backgroundtasks.api.Shutdown;
import dev.backgroundtasks.scheduler.AbortController;
import dev.backgroundtasks.scheduler.PostTaskOptions;
import dev.backgroundtasks.scheduler.Scheduler;
import dev.backgroundtasks.scheduler.TaskPriority;

/**
 * One run's deliveries, one report at a time, oldest first, every step a background-priority task on the
 * task's event loop: the loop never waits for the network (the HTTP exchange runs on the client's threads
 * and its answer is posted back), retries are delayed tasks, and shutdown aborts what is still to come.
 *
 * <p>A report is delivered (2xx: removed), refused (another 4xx: set aside, the next one goes), or failed:
 * no answer, or 5xx/408/429, is retried with a doubling delay, and after the last attempt the run stops
 * there, since the next report would meet the same endpoint. Every queue change is one file operation
 * between two network events, so a run stopped at any moment (timeout, SIGTERM) leaves each report
 * either queued or handled, never lost.
 */
final class Delivery {
    private final Settings settings;
    private final ReportQueue queue;
    private final Scheduler scheduler;
    private final Shutdown shutdown;
    private final HttpClient client;
    private final AbortController abort = new AbortController();
    private final PostTaskOptions background;

    // loop state; the shutdown blocker reads it on a platform thread
    private int delivered;
    private int refused;
    private boolean finished;
    private CompletableFuture<?> exchange = CompletableFuture.completedFuture(null);

    Delivery(Settings settings, ReportQueue queue, Scheduler scheduler, Shutdown shutdown) {
        this.settings = settings;
        this.queue = queue;
        this.scheduler = scheduler;
        this.shutdown = shutdown;
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(settings.requestTimeout())
                .build();
        this.background = PostTaskOptions.defaults().priority(TaskPriority.BACKGROUND).signal(abort.signal());
    }

    /** Delivers the queue; the stage's value is how it went. Called on the loop. */
    CompletableFuture<Outcome> run() {
        return next(queue.pending(), 0);
    }

    private CompletableFuture<Outcome> next(List<Path> reports, int index) {
        if (index == reports.size() || shutdown.isInOrBeyondShutdownPhase()) {
            return CompletableFuture.completedFuture(refusedAny() ? Outcome.REJECTED : Outcome.SENT);
        }
        Path report = reports.get(index);
        return scheduler.postTask(() -> attempt(report, 1), background).thenCompose(step -> step)
                .thenCompose(result -> result == Outcome.SENT || result == Outcome.REJECTED
                        ? next(reports, index + 1)
                        : CompletableFuture.completedFuture(result));
    }

    /** One POST of the report; the answer is handled back on the loop. */
    private CompletableFuture<Outcome> attempt(Path report, int attempt) {
        HttpRequest request = HttpRequest.newBuilder(settings.endpoint())
                .timeout(settings.requestTimeout())
                .header("Content-Type", "application/json")
                // the same key on every attempt: a server that got a report whose answer was lost keeps one copy
                .header("Idempotency-Key", report.getFileName().toString())
                .POST(HttpRequest.BodyPublishers.ofByteArray(queue.read(report)))
                .build();
        CompletableFuture<HttpResponse<Void>> sent = client.sendAsync(request, HttpResponse.BodyHandlers.discarding());
        synchronized (this) {
            exchange = sent;
        }
        return sent.handle((response, failure) -> scheduler.postTask(() -> answer(report, attempt, response, failure),
                background).thenCompose(step -> step)).thenCompose(step -> step);
    }

    private CompletableFuture<Outcome> answer(Path report, int attempt, HttpResponse<?> response, Throwable failure) {
        int status = response == null ? 0 : response.statusCode();
        if (failure == null && status >= 200 && status < 300) {
            queue.delivered(report);
            synchronized (this) {
                delivered++;
            }
            return CompletableFuture.completedFuture(Outcome.SENT);
        }
        boolean serverError = status >= 500 || status == 408 || status == 429;
        if (failure == null && !serverError) {
            System.err.println("send-reports: " + settings.endpoint() + " refused " + report.getFileName() + " with "
                    + status + "; set aside in reports/rejected/");
            queue.rejected(report);
            synchronized (this) {
                refused++;
            }
            return CompletableFuture.completedFuture(Outcome.REJECTED);
        }
        String why = failure != null ? String.valueOf(failure.getCause() != null ? failure.getCause() : failure)
                : "HTTP " + status;
        if (attempt < settings.maxAttempts()) {
            return scheduler.postTask(() -> attempt(report, attempt + 1),
                    background.delay(settings.backoff(attempt).toMillis())).thenCompose(step -> step);
        }
        System.err.println("send-reports: " + settings.endpoint() + " failed " + attempt + " attempt(s) for "
                + report.getFileName() + " (" + why + "); the reports stay queued");
        return CompletableFuture.completedFuture(failure != null ? Outcome.UNREACHABLE : Outcome.SERVER_ERROR);
    }

    private synchronized boolean refusedAny() {
        return refused > 0;
    }

    /** Records how the run ended, once: the end of the run or the shutdown blocker, whichever comes first. */
    synchronized boolean finish(String result, Integer exitCode) {
        if (finished) {
            return false;
        }
        finished = true;
        Map<String, String> status = new LinkedHashMap<>();
        status.put("result", result);
        if (exitCode != null) { // an interrupted run's code is the platform's (4, 143), not known here
            status.put("exitCode", Integer.toString(exitCode));
        }
        status.put("sent", Integer.toString(delivered));
        status.put("rejected", Integer.toString(refused));
        status.put("pending", Integer.toString(queue.pending().size()));
        status.put("endpoint", settings.endpoint().toString());
        status.put("finishedAt", Instant.now().toString());
        queue.writeStatus(status);
        System.out.println("send-reports: " + result + ": sent " + delivered + ", rejected " + refused + ", pending "
                + status.get("pending"));
        return true;
    }

    /**
     * The shutdown blocker: a timeout or a signal ended the run before it finished. Aborts the retries still
     * to come and the exchange in flight (its report stays queued), then records the interrupted run.
     */
    CompletionStage<?> interrupt() {
        abort.abort();
        synchronized (this) {
            exchange.cancel(true);
            if (!finished) {
                finish("interrupted", null);
            }
        }
        return CompletableFuture.completedFuture(null);
    }
}
