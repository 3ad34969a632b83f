package dev.botsim.cognigy.engine.backend.management;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;

import dev.botsim.cognigy.engine.transport.Sleeper;

/**
 * Keeps requests within a budget per window (shared SaaS allows 1,000 management requests per 5
 * minutes per IP) by waiting, rather than finding out from 429s.
 */
final class RequestBudget {

    private final int limit;
    private final Duration window;
    private final Clock clock;
    private final Sleeper sleeper;
    private final Deque<Instant> sent = new ArrayDeque<>();

    RequestBudget(int limit, Duration window, Clock clock, Sleeper sleeper) {
        this.limit = limit;
        this.window = window;
        this.clock = clock;
        this.sleeper = sleeper;
    }

    /** Blocks until one more request fits in the window, then counts it. */
    synchronized void acquire() throws InterruptedException {
        while (true) {
            Instant now = clock.instant();
            while (!sent.isEmpty() && !sent.peekFirst().plus(window).isAfter(now)) sent.removeFirst();
            if (sent.size() < limit) {
                sent.addLast(now);
                return;
            }
            sleeper.sleep(Duration.between(now, sent.peekFirst().plus(window)));
        }
    }
}
