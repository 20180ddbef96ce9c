package com.example.reportsender;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.backgroundtasks.testing.BackgroundTaskResult;
import dev.backgroundtasks.testing.BackgroundTaskRun;
import dev.backgroundtasks.testing.RunningTask;
import dev.backgroundtasks.testing.WithInstallation;

/**
 * The task as cron runs it: the bundle dropped into a real installation, run by
 * {@code java -jar launcher.jar --profile PROFILE --backgroundtask send-reports ENDPOINT}, against a report
 * endpoint on the loopback interface.
 */
@WithInstallation
class ReportSenderIT {
    private static final Path BUNDLE = Path.of(System.getProperty("task.bundle"));
    /** Retries in milliseconds, not seconds: the tests prove the rule, not the production delay. */
    private static final int RETRY_DELAY_MS = 200;

    @TempDir
    Path profile;

    private ReportSink sink;

    @BeforeEach
    void startTheEndpoint() {
        sink = ReportSink.start();
    }

    @AfterEach
    void stopTheEndpoint() {
        sink.close();
    }

    @Test
    void sendsEveryQueuedReportOldestFirstAndEmptiesTheQueue() throws IOException {
        queue("2026-01-02T00-00-00-b.json", "{\"n\":2}");
        queue("2026-01-01T00-00-00-a.json", "{\"n\":1}");
        queue("2026-01-03T00-00-00-c.json", "{\"n\":3}");
        Files.writeString(pending().resolve("still-being-written.json.part"), "{");

        BackgroundTaskResult result = sendReports().args(sink.endpoint().toString()).run().assertExitCode(0);

        assertEquals(List.of("{\"n\":1}", "{\"n\":2}", "{\"n\":3}"),
                sink.received().stream().map(ReportSink.Received::body).toList(), result::toString);
        sink.received().forEach(r -> {
            assertEquals("POST", r.method());
            assertEquals("application/json", r.contentType());
        });
        assertEquals("2026-01-01T00-00-00-a.json", sink.received().get(0).idempotencyKey());
        assertEquals(List.of("still-being-written.json.part"), names(pending()));
        Properties status = status();
        assertEquals("sent", status.getProperty("result"));
        assertEquals("3", status.getProperty("sent"));
        assertEquals("0", status.getProperty("pending"));
    }

    @Test
    void theEndpointMayComeFromAPreference() throws IOException {
        queue("a.json", "{}");
        sendReports().pref("reportsender.endpoint", sink.endpoint().toString()).run().assertExitCode(0);
        assertEquals(1, sink.received().size());
    }

    @Test
    void anEmptyQueueSendsNothing() {
        sendReports().args(sink.endpoint().toString()).run().assertExitCode(0);
        assertEquals(List.of(), sink.received());
    }

    @Test
    void anUnreachableEndpointExits11AndKeepsEveryReport() throws IOException {
        queue("a.json", "{}");
        queue("b.json", "{}");
        BackgroundTaskResult result = sendReports().args(ReportSink.unreachable().toString()).attachConsole()
                .pref("reportsender.maxAttempts", 2).run().assertExitCode(11);
        assertEquals(List.of("a.json", "b.json"), names(pending()));
        assertTrue(result.stderrText().contains("failed 2 attempt(s) for a.json"), result::toString);
        assertEquals("unreachable", status().getProperty("result"));
    }

    @Test
    void anEndpointThatNeverAnswersIsUnreachableAfterTheRequestTimeout() throws IOException {
        queue("a.json", "{}");
        sink.hanging();
        sendReports().args(sink.endpoint().toString())
                .pref("reportsender.maxAttempts", 1).pref("reportsender.requestTimeoutMs", 500)
                .run().assertExitCode(11);
        assertEquals(List.of("a.json"), names(pending()));
    }

    @Test
    void aServerErrorIsRetriedWithAGrowingDelayUntilItGoesThrough() throws IOException {
        queue("a.json", "{}");
        sink.answeringInTurn(503, 500);
        sendReports().args(sink.endpoint().toString()).pref("reportsender.maxAttempts", 3).run().assertExitCode(0);

        List<ReportSink.Received> attempts = sink.received();
        assertEquals(3, attempts.size());
        attempts.forEach(a -> assertEquals("a.json", a.idempotencyKey()));
        // the delay doubles: at least 200 ms before the second attempt, 400 ms before the third
        assertTrue(millisBetween(attempts.get(0), attempts.get(1)) >= RETRY_DELAY_MS, attempts::toString);
        assertTrue(millisBetween(attempts.get(1), attempts.get(2)) >= 2 * RETRY_DELAY_MS, attempts::toString);
        assertEquals(List.of(), names(pending()));
    }

    @Test
    void anEndpointThatKeepsFailingExits12AndStopsThere() throws IOException {
        queue("a.json", "{}");
        queue("b.json", "{}");
        sink.answering(request -> 503);
        sendReports().args(sink.endpoint().toString()).pref("reportsender.maxAttempts", 2).run().assertExitCode(12);
        assertEquals(List.of("a.json", "a.json"), sink.received().stream().map(ReportSink.Received::idempotencyKey).toList(),
                "b.json is not tried against an endpoint that is down");
        assertEquals(List.of("a.json", "b.json"), names(pending()));
    }

    @Test
    void aRefusedReportIsSetAsideAndTheOthersStillGo() throws IOException {
        queue("a.json", "{\"ok\":true}");
        queue("b.json", "{\"bad\":true}");
        queue("c.json", "{\"ok\":true}");
        sink.answering(request -> request.body().contains("bad") ? 422 : 202);

        sendReports().args(sink.endpoint().toString()).run().assertExitCode(13);

        assertEquals(3, sink.received().size());
        assertEquals(List.of(), names(pending()));
        assertEquals(List.of("b.json"), names(profile.resolve("reports/rejected")));
        Properties status = status();
        assertEquals("2", status.getProperty("sent"));
        assertEquals("1", status.getProperty("rejected"));
    }

    @Test
    void withoutAnEndpointExits14() throws IOException {
        BackgroundTaskResult result = sendReports().attachConsole().run().assertExitCode(14);
        assertTrue(result.stderrText().contains("no endpoint"), result::toString);
        assertEquals("bad-configuration", status().getProperty("result"));
        sendReports().args("ftp://127.0.0.1/reports").run().assertExitCode(14);
        sendReports().args(sink.endpoint().toString()).pref("reportsender.maxAttempts", 0).run().assertExitCode(14);
    }

    @Test
    void itPrintsNothingUnlessAConsoleIsAttached() throws IOException {
        queue("a.json", "{}");
        BackgroundTaskResult silent = sendReports().args(sink.endpoint().toString()).run().assertExitCode(0);
        assertEquals(List.of(), silent.stdout(), silent::toString);
        assertEquals(List.of(), silent.stderr(), silent::toString);

        queue("b.json", "{}");
        BackgroundTaskResult attached = sendReports().args(sink.endpoint().toString()).attachConsole().run()
                .assertExitCode(0);
        assertEquals(List.of("send-reports: sent: sent 1, rejected 0, pending 0"), attached.stdout(), attached::toString);
    }

    @Test
    void sigtermDuringAnExchangeKeepsTheReportQueued() throws Exception {
        queue("a.json", "{}");
        sink.hanging();
        try (RunningTask running = sendReports().args(sink.endpoint().toString()).start()) {
            assertTrue(sink.awaitRequests(1, Duration.ofSeconds(60)), "the report was posted");
            running.stop().await().assertExitCode(143);
        }
        assertEquals(List.of("a.json"), names(pending()));
        assertEquals("interrupted", status().getProperty("result"));
    }

    @Test
    void theLauncherSeesItsTimeoutAndNoOutputWithoutStartingIt() {
        BackgroundTaskResult result = BackgroundTaskRun.launcher("--list-tasks").bundles(BUNDLE).run().assertExitCode(0);
        String line = result.stdout().stream().filter(l -> l.startsWith("send-reports\tapp\t")).findFirst()
                .orElseThrow(() -> new AssertionError(result.toString()));
        assertTrue(line.contains("timeoutSec=300") && line.contains("noOutput=true"), line);
    }

    private BackgroundTaskRun sendReports() {
        return BackgroundTaskRun.task("send-reports").bundles(BUNDLE).profile(profile)
                .pref("reportsender.retryDelayMs", RETRY_DELAY_MS);
    }

    private Path pending() throws IOException {
        return Files.createDirectories(profile.resolve("reports/pending"));
    }

    private void queue(String name, String json) throws IOException {
        Files.writeString(pending().resolve(name), json);
    }

    private Properties status() throws IOException {
        Properties status = new Properties();
        try (Reader in = Files.newBufferedReader(profile.resolve("reports/last-run.properties"))) {
            status.load(in);
        }
        return status;
    }

    private static List<String> names(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }

    private static long millisBetween(ReportSink.Received first, ReportSink.Received second) {
        return Duration.ofNanos(second.nanoTime() - first.nanoTime()).toMillis();
    }
}
