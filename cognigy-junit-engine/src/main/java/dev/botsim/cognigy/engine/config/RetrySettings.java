package dev.botsim.cognigy.engine.config;

import java.time.Duration;

/**
 * How far a request to Cognigy is repeated, and when the server is taken for down.
 *
 * @param maxAttempts      attempts facing transient failures: connection errors, timeouts, resets, 5xx
 *                         ({@code cognigy.retry.max-attempts})
 * @param longestWait      longest single {@code Retry-After} waited; a server asking for more ends the
 *                         request at once instead of stalling CI ({@code cognigy.retry.longest-wait})
 * @param rateLimitTimeout how long one request keeps being repeated while the server answers 429, counting
 *                         the waits ({@code cognigy.retry.rate-limit-timeout})
 * @param outageAfter      requests of one client in a row that failed transiently after their retries, with no
 *                         success between and over at least {@code outageProbe}, before the client sends no more but
 *                         one every {@code outageProbe}
 *                         ({@code cognigy.retry.outage-after}); at least 1
 * @param outageProbe      while the server is taken for down, how often one request is sent to see whether it is back;
 *                         and how long requests must have been failing before it is
 *                         ({@code cognigy.retry.outage-probe})
 */
public record RetrySettings(int maxAttempts, Duration longestWait, Duration rateLimitTimeout, int outageAfter,
                            Duration outageProbe) {

    /** One wave of failures of every request in flight at the default concurrency, and one more. */
    public static final int DEFAULT_OUTAGE_AFTER = Constants.DEFAULT_MAX_CONCURRENCY + 1;

    public static final Duration DEFAULT_OUTAGE_PROBE = Duration.ofSeconds(30);

    /** Attempts and waits as given, the outage breaker's defaults. */
    public RetrySettings(int maxAttempts, Duration longestWait, Duration rateLimitTimeout) {
        this(maxAttempts, longestWait, rateLimitTimeout, DEFAULT_OUTAGE_AFTER, DEFAULT_OUTAGE_PROBE);
    }

    public static RetrySettings defaults() {
        return new RetrySettings(4, Duration.ofMinutes(5), Duration.ofMinutes(15));
    }

    public RetrySettings withMaxAttempts(int maxAttempts) {
        return new RetrySettings(maxAttempts, longestWait, rateLimitTimeout, outageAfter, outageProbe);
    }

    public RetrySettings withLongestWait(Duration longestWait) {
        return new RetrySettings(maxAttempts, longestWait, rateLimitTimeout, outageAfter, outageProbe);
    }

    public RetrySettings withRateLimitTimeout(Duration rateLimitTimeout) {
        return new RetrySettings(maxAttempts, longestWait, rateLimitTimeout, outageAfter, outageProbe);
    }

    public RetrySettings withOutageAfter(int outageAfter) {
        return new RetrySettings(maxAttempts, longestWait, rateLimitTimeout, outageAfter, outageProbe);
    }

    public RetrySettings withOutageProbe(Duration outageProbe) {
        return new RetrySettings(maxAttempts, longestWait, rateLimitTimeout, outageAfter, outageProbe);
    }
}
