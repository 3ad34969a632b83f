package dev.botsim.cognigy.engine.transport;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;

/**
 * Keeps requests within a budget per window by waiting, rather than finding out from 429s: shared SaaS
 * allows 1,000 management requests per 5 minutes per IP, a REST Endpoint in test mode 600 messages per hour.
 *
 * <p>Each caller reserves the earliest moment that fits and waits for it outside the lock, so callers queue
 * in order, none holds others up while sleeping, and an interrupted wait ends at once (its slot stays
 * spent: the budget errs on the side of sending less).
 */
public final class RequestBudget {

    private final int limit;
    private final Duration window;
    private final Clock clock;
    private final Sleeper sleeper;
    /** When each request of the last window was (or will be) sent, in order. */
    private final Deque<Instant> sent = new ArrayDeque<>();

    public RequestBudget(int limit, Duration window, Clock clock, Sleeper sleeper) {
        if (limit < 1) throw new IllegalArgumentException("limit must be at least 1: " + limit);
        this.limit = limit;
        this.window = window;
        this.clock = clock;
        this.sleeper = sleeper;
    }

    /** Blocks until one more request fits in the window, then counts it. */
    public void acquire() throws InterruptedException {
        Duration wait = reserve();
        if (!wait.isZero()) sleeper.sleep(wait);
    }

    private synchronized Duration reserve() {
        Instant now = clock.instant();
        while (!sent.isEmpty() && !sent.peekFirst().plus(window).isAfter(now)) sent.removeFirst();
        Instant at = now;
        if (sent.size() >= limit) {
            // The request `limit` places back must have left the window first.
            Iterator<Instant> back = sent.descendingIterator();
            Instant leaving = null;
            for (int i = 0; i < limit; i++) leaving = back.next();
            at = leaving.plus(window);
        }
        sent.addLast(at);
        return Duration.between(now, at);
    }

    /** The most requests per window. */
    public int limit() {
        return limit;
    }

    public Duration window() {
        return window;
    }

    /** How long sending {@code requests} takes at this budget at the least, from an empty window. */
    public Duration expectedDuration(long requests) {
        return requests <= limit ? Duration.ZERO : window.multipliedBy((requests - 1) / limit);
    }
}
