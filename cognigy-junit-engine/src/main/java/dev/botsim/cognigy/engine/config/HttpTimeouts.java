package dev.botsim.cognigy.engine.config;

import java.time.Duration;

/**
 * The {@code cognigy.http.*} settings of every client: time limits of HTTP requests to Cognigy, and whether the run's
 * exchanges are traced.
 *
 * @param connect TCP connect timeout ({@code cognigy.http.connect-timeout})
 * @param read    inactivity timeout while reading or writing ({@code cognigy.http.read-timeout})
 * @param call    limit on one whole call, body included, so a slow-drip body cannot hang a test
 *                ({@code cognigy.http.call-timeout})
 * @param trace   where the exchanges are traced ({@code cognigy.http.trace}): {@link HttpTrace#OFF} unless asked, and
 *                the run's trace once the run started
 */
public record HttpTimeouts(Duration connect, Duration read, Duration call, HttpTrace trace) {

    /** Time limits alone, nothing traced. */
    public HttpTimeouts(Duration connect, Duration read, Duration call) {
        this(connect, read, call, HttpTrace.OFF);
    }

    public static HttpTimeouts defaults() {
        return new HttpTimeouts(Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(60));
    }

    /** The same limit for each: one attempt of a webhook delivery, say. */
    public static HttpTimeouts all(Duration limit) {
        return new HttpTimeouts(limit, limit, limit);
    }

    HttpTimeouts withConnect(Duration connect) {
        return new HttpTimeouts(connect, read, call, trace);
    }

    HttpTimeouts withRead(Duration read) {
        return new HttpTimeouts(connect, read, call, trace);
    }

    public HttpTimeouts withCall(Duration call) {
        return new HttpTimeouts(connect, read, call, trace);
    }

    /** The same limits, the exchanges traced by {@code trace}. */
    public HttpTimeouts withTrace(HttpTrace trace) {
        return new HttpTimeouts(connect, read, call, trace);
    }
}
