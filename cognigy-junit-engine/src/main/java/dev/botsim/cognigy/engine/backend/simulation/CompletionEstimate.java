package dev.botsim.cognigy.engine.backend.simulation;

import java.time.Duration;

/**
 * Where to place a simulation's first status poll: learned from the simulations that finished
 * before it. Each finished simulation brackets its completion time between the last poll that saw
 * it pending and the first that saw it done; the estimate moves toward the bracket's middle. A
 * first poll that already finds the simulation done only says it could have been earlier, so the
 * estimate then shrinks a little — which keeps it from settling above the true time.
 */
final class CompletionEstimate {

    private static final double WEIGHT = 0.2;
    private static final double SHRINK = 0.95;

    private final double floorNanos;
    private double estimateNanos;

    CompletionEstimate(Duration initial, Duration floor) {
        this.estimateNanos = initial.toNanos();
        this.floorNanos = Math.max(1, floor.toNanos());
    }

    /** When to poll first: a little before the expected completion. */
    synchronized Duration firstPoll() {
        return Duration.ofNanos((long) Math.max(floorNanos, estimateNanos * SHRINK));
    }

    /** After the first poll found the simulation pending: a short step, growing from there. */
    synchronized Duration step() {
        return Duration.ofNanos((long) Math.max(floorNanos, estimateNanos * 0.05));
    }

    /**
     * @param lastPending elapsed time at the last poll that saw it pending, or {@code null} when the first poll saw it done
     * @param firstDone   elapsed time at the poll that saw it done
     */
    synchronized void observe(Duration lastPending, Duration firstDone) {
        if (lastPending == null) {
            estimateNanos = Math.max(floorNanos, estimateNanos * SHRINK);
            return;
        }
        double middle = (lastPending.toNanos() + firstDone.toNanos()) / 2.0;
        estimateNanos = Math.max(floorNanos, (1 - WEIGHT) * estimateNanos + WEIGHT * middle);
    }
}
