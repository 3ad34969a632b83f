package dev.botsim.cognigy.sandbox;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Optional;

/**
 * A quota of so many requests in any window of time ("1,000 requests per 5 minutes", "600 test
 * messages per hour"), on the sandbox's clock: a sliding log of the admitted requests.
 */
final class RequestWindow {

    private final int limit;
    private final Duration window;
    private final Clock clock;
    private final ArrayDeque<Instant> admitted = new ArrayDeque<>();

    RequestWindow(int limit, Duration window, Clock clock) {
        this.limit = limit;
        this.window = window;
        this.clock = clock;
    }

    int limit() {
        return limit;
    }

    Duration window() {
        return window;
    }

    /** Empty when the request is admitted; else how long until the oldest admitted one leaves the window. */
    synchronized Optional<Duration> admit() {
        Instant now = clock.instant();
        while (!admitted.isEmpty() && !admitted.peekFirst().plus(window).isAfter(now)) admitted.pollFirst();
        if (admitted.size() >= limit) return Optional.of(Duration.between(now, admitted.peekFirst().plus(window)));
        admitted.addLast(now);
        return Optional.empty();
    }

    /** Whole seconds for a {@code Retry-After} header, at least 1. */
    static String retryAfterSeconds(Duration wait) {
        long seconds = wait.toSeconds() + (wait.toNanosPart() > 0 ? 1 : 0);
        return String.valueOf(Math.max(1, seconds));
    }
}
