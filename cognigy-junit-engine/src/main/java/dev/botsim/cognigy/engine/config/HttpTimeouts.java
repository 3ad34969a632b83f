package dev.botsim.cognigy.engine.config;

import java.time.Duration;

/**
 * Time limits of HTTP requests to Cognigy.
 *
 * @param connect TCP connect timeout ({@code cognigy.http.connect-timeout})
 * @param read    inactivity timeout while reading or writing ({@code cognigy.http.read-timeout})
 * @param call    limit on one whole call, body included, so a slow-drip body cannot hang a test
 *                ({@code cognigy.http.call-timeout})
 */
public record HttpTimeouts(Duration connect, Duration read, Duration call) {

    public static HttpTimeouts defaults() {
        return new HttpTimeouts(Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(60));
    }

    /** The same limit for each: one attempt of a webhook delivery, say. */
    public static HttpTimeouts all(Duration limit) {
        return new HttpTimeouts(limit, limit, limit);
    }

    HttpTimeouts withConnect(Duration connect) {
        return new HttpTimeouts(connect, read, call);
    }

    HttpTimeouts withRead(Duration read) {
        return new HttpTimeouts(connect, read, call);
    }

    public HttpTimeouts withCall(Duration call) {
        return new HttpTimeouts(connect, read, call);
    }
}
