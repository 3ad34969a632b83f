package dev.botsim.cognigy.engine.backend.simulation;

import java.time.Duration;

/**
 * Where to place a simulation's first status poll, learned from the simulations that finished
 * before it: the time by which nine in ten of them have completed.
 *
 * <p>Tracking that quantile needs only what each simulation's polls reveal, whether its first
 * poll found it done. When it did, the estimate shrinks a little; when it did not, it grows nine
 * times as much, so it settles where nine first polls in ten find the simulation done: about 1.1
 * polls per simulation, and completion seen soon after it happens, since the quantile of a steady
 * processing time lies just above it. A first poll that found the simulation pending also
 * brackets its completion (between that poll and the first that saw it done); when the estimate
 * is far below that bracket — at the start of a run, or when the bot slows down — it moves a
 * tenth of the way toward it, so a handful of simulations is enough to learn from. The steps are
 * small because many simulations in flight report at once: one wave of fifty must not swing it.
 * Coming down has no such bracket, so a long run of first polls that all found the simulation done
 * — far more than the one in ten pending the quantile allows — speeds the shrinking up.
 */
final class CompletionEstimate {

    /** The share of first polls that should find the simulation done. */
    static final double QUANTILE = 0.9;
    private static final double STEP = 0.01;
    private static final double CATCH_UP = 0.1;

    /** A run of done first polls longer than this is no longer chance at the quantile. */
    private static final int USUAL_STREAK = 20;

    private final double floorNanos;
    private double estimateNanos;
    private int doneStreak;

    CompletionEstimate(Duration initial, Duration floor) {
        this.floorNanos = Math.max(1, floor.toNanos());
        this.estimateNanos = Math.max(floorNanos, initial.toNanos());
    }

    /** When to poll first. */
    synchronized Duration firstPoll() {
        return Duration.ofNanos((long) estimateNanos);
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
            doneStreak++;
            double speedUp = Math.max(1, (double) doneStreak / USUAL_STREAK);
            estimateNanos = Math.max(floorNanos, estimateNanos * (1 - Math.min(0.5, STEP * (1 - QUANTILE) * speedUp)));
            return;
        }
        doneStreak = 0;
        double middle = (lastPending.toNanos() + firstDone.toNanos()) / 2.0;
        // One slow simulation must not drag every first poll far out: the bracket counts up to twice the estimate.
        double catchUp = CATCH_UP * (Math.min(middle, 2 * estimateNanos) - estimateNanos);
        estimateNanos += Math.max(estimateNanos * STEP * QUANTILE, catchUp);
    }
}
