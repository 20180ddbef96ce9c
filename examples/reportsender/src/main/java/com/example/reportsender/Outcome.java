package com.example.reportsender;

/**
 * How a run ended, and its exit code. Task-specific codes are 11..125: 1..10 belong to the platform
 * (1 it failed, 3 the task threw, 4 the timeout passed), so a cron job or a systemd unit can tell "the
 * endpoint is down" (retry later) from "a report is bad" (look at it) from "the task is broken".
 */
public enum Outcome {
    /** Every queued report was delivered, or none was queued. */
    SENT(0, "sent"),
    /** The endpoint could not be reached (refused, no route, no answer in time) after every attempt;
     *  the reports stay queued for the next run. */
    UNREACHABLE(11, "unreachable"),
    /** The endpoint answered 5xx, 408 or 429 to every attempt; the reports stay queued. */
    SERVER_ERROR(12, "server-error"),
    /** The endpoint refused one or more reports (another 4xx): they are set aside in {@code reports/rejected/},
     *  every other report was delivered. */
    REJECTED(13, "rejected"),
    /** No endpoint, or not an http(s) URL, or a bad preference: nothing was attempted. */
    BAD_CONFIGURATION(14, "bad-configuration"),
    /** The queue in the profile could not be read or changed. */
    QUEUE_ERROR(15, "queue-error");

    private final int exitCode;
    private final String id;

    Outcome(int exitCode, String id) {
        this.exitCode = exitCode;
        this.id = id;
    }

    public int exitCode() {
        return exitCode;
    }

    /** The name in {@code reports/last-run.properties}. */
    public String id() {
        return id;
    }
}
