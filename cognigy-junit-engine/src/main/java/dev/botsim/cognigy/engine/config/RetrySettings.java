package dev.botsim.cognigy.engine.config;

import java.time.Duration;

/**
 * How far a request to Cognigy is repeated.
 *
 * @param maxAttempts      attempts facing transient failures: connection errors, timeouts, resets, 5xx
 *                         ({@code cognigy.retry.max-attempts})
 * @param longestWait      longest single {@code Retry-After} waited; a server asking for more ends the
 *                         request at once instead of stalling CI ({@code cognigy.retry.longest-wait})
 * @param rateLimitTimeout how long one request keeps being repeated while the server answers 429, counting
 *                         the waits ({@code cognigy.retry.rate-limit-timeout})
 */
public record RetrySettings(int maxAttempts, Duration longestWait, Duration rateLimitTimeout) {

    public static RetrySettings defaults() {
        return new RetrySettings(4, Duration.ofMinutes(5), Duration.ofMinutes(15));
    }

    public RetrySettings withMaxAttempts(int maxAttempts) {
        return new RetrySettings(maxAttempts, longestWait, rateLimitTimeout);
    }

    public RetrySettings withLongestWait(Duration longestWait) {
        return new RetrySettings(maxAttempts, longestWait, rateLimitTimeout);
    }

    public RetrySettings withRateLimitTimeout(Duration rateLimitTimeout) {
        return new RetrySettings(maxAttempts, longestWait, rateLimitTimeout);
    }
}
