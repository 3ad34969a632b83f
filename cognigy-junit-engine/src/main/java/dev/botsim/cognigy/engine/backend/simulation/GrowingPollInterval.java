package dev.botsim.cognigy.engine.backend.simulation;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

import org.awaitility.pollinterval.PollInterval;

/**
 * Poll intervals that start short and grow ×1.5 to a cap, with ±10 % jitter so many simulations
 * submitted together do not poll in lockstep.
 */
final class GrowingPollInterval implements PollInterval {

    private final Duration first;
    private final Duration cap;

    GrowingPollInterval(Duration first, Duration cap) {
        this.first = first.isZero() ? Duration.ofMillis(1) : first;
        this.cap = cap;
    }

    @Override
    public Duration next(int pollCount, Duration previous) {
        long base = pollCount <= 1 ? first.toNanos() : (long) Math.min(cap.toNanos(), previous.toNanos() * 1.5);
        double jitter = 0.9 + ThreadLocalRandom.current().nextDouble() * 0.2;
        return Duration.ofNanos(Math.max(1_000_000, Math.min(cap.toNanos(), (long) (base * jitter))));
    }
}
