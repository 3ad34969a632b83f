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
public record HttpSettings(Duration connect, Duration read, Duration call, HttpTrace trace) {

    /** Time limits alone, nothing traced. */
    public HttpSettings(Duration connect, Duration read, Duration call) {
        this(connect, read, call, HttpTrace.OFF);
    }

    public static HttpSettings defaults() {
        return new HttpSettings(Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(60));
    }

    /** The same limit for each: one attempt of a webhook delivery, say. */
    public static HttpSettings all(Duration limit) {
        return new HttpSettings(limit, limit, limit);
    }

    HttpSettings withConnect(Duration connect) {
        return new HttpSettings(connect, read, call, trace);
    }

    HttpSettings withRead(Duration read) {
        return new HttpSettings(connect, read, call, trace);
    }

    public HttpSettings withCall(Duration call) {
        return new HttpSettings(connect, read, call, trace);
    }

    /** The same limits, the exchanges traced by {@code trace}. */
    public HttpSettings withTrace(HttpTrace trace) {
        return new HttpSettings(connect, read, call, trace);
    }
}
