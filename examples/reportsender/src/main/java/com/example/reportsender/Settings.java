package com.example.reportsender;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;

import dev.backgroundtasks.api.CommandLine;
import dev.backgroundtasks.api.Preferences;

/**
 * What a run is told: the endpoint (the first argument, else the preference {@value #ENDPOINT}) and the
 * preferences below, which an application sets in {@code defaults/prefs.properties} or its profile, and an
 * operator with {@code --pref}.
 */
record Settings(URI endpoint, int maxAttempts, Duration retryDelay, Duration requestTimeout) {
    static final String ENDPOINT = "reportsender.endpoint";
    static final String MAX_ATTEMPTS = "reportsender.maxAttempts";
    static final String RETRY_DELAY_MS = "reportsender.retryDelayMs";
    static final String REQUEST_TIMEOUT_MS = "reportsender.requestTimeoutMs";

    /** @throws IllegalArgumentException saying what is wrong, for the one line on stderr */
    static Settings of(CommandLine arguments, Preferences preferences) {
        if (arguments.length() > 1) {
            throw new IllegalArgumentException("usage: --backgroundtask send-reports [ENDPOINT]");
        }
        String endpoint = arguments.length() == 1 ? arguments.getArgument(0) : preferences.getString(ENDPOINT, "");
        if (endpoint.isBlank()) {
            throw new IllegalArgumentException("no endpoint: give it as the argument or set the preference " + ENDPOINT);
        }
        URI uri;
        try {
            uri = new URI(endpoint);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("endpoint " + endpoint + " is not a URL: " + e.getMessage());
        }
        if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
            throw new IllegalArgumentException("endpoint " + endpoint + " is not an http or https URL");
        }
        int attempts = atLeast(preferences, MAX_ATTEMPTS, 3, 1);
        int delay = atLeast(preferences, RETRY_DELAY_MS, 1000, 0);
        int timeout = atLeast(preferences, REQUEST_TIMEOUT_MS, 10_000, 1);
        return new Settings(uri, attempts, Duration.ofMillis(delay), Duration.ofMillis(timeout));
    }

    private static int atLeast(Preferences preferences, String name, int defaultValue, int minimum) {
        int value = preferences.getInt(name, defaultValue);
        if (value < minimum) {
            throw new IllegalArgumentException("preference " + name + "=" + value + " is below " + minimum);
        }
        return value;
    }

    /** The wait before attempt {@code n + 1}: the retry delay, doubled after each failed attempt. */
    Duration backoff(int failedAttempts) {
        return retryDelay.multipliedBy(1L << Math.min(failedAttempts - 1, 16));
    }
}
