package dev.botsim.cognigy.engine.transport;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/** Capped exponential backoff with jitter over the upper half of each step. */
public final class Backoff {

    /** For transient failures: 100 ms, 200 ms, 400 ms ... up to 5 s. */
    static final Backoff TRANSIENT = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5));

    /**
     * For 429s that name no {@code Retry-After}: from 250 ms up to 5 s, so refused requests thin
     * out quickly instead of hammering a server that is already full.
     */
    static final Backoff RATE_LIMITED = new Backoff(Duration.ofMillis(250), Duration.ofSeconds(5));

    private final Duration first;
    private final Duration cap;

    public Backoff(Duration first, Duration cap) {
        this.first = first;
        this.cap = cap;
    }

    /** The wait before the {@code attempt}-th repetition (1 for the first). */
    Duration delay(int attempt) {
        long ceiling = Math.min(cap.toMillis(), first.toMillis() << Math.min(Math.max(attempt, 1) - 1, 20));
        return Duration.ofMillis(ceiling / 2 + ThreadLocalRandom.current().nextLong(ceiling / 2 + 1));
    }
}
