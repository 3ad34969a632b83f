package dev.botsim.cognigy.engine.backend.simulation;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

import org.awaitility.pollinterval.PollInterval;

/**
 * Poll intervals that start short and grow ×1.5 to a cap, with ±10 % jitter so many simulations
 * submitted together do not poll in lockstep, and never shorter than the server last asked for.
 */
final class GrowingPollInterval implements PollInterval {

    private final Duration first;
    private final Duration cap;
    private final Supplier<Duration> atLeast;

    GrowingPollInterval(Duration first, Duration cap, Supplier<Duration> atLeast) {
        this.first = first.isZero() ? Duration.ofMillis(1) : first;
        this.cap = cap;
        this.atLeast = atLeast;
    }

    @Override
    public Duration next(int pollCount, Duration previous) {
        long base = pollCount <= 1 ? first.toNanos() : (long) Math.min(cap.toNanos(), previous.toNanos() * 1.5);
        double jitter = 0.9 + ThreadLocalRandom.current().nextDouble() * 0.2;
        long next = Math.max(1_000_000, Math.min(cap.toNanos(), (long) (base * jitter)));
        return Duration.ofNanos(Math.max(next, atLeast.get().toNanos()));
    }
}
