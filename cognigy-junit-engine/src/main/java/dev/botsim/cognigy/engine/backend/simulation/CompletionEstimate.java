package dev.botsim.cognigy.engine.backend.simulation;

import java.time.Duration;

/**
 * Where to place a simulation's first status poll, learned from the simulations that finished
 * before it: the time by which nine in ten of them have completed.
 *
 * <p>Tracking that quantile needs only what each simulation's polls reveal: whether its first poll
 * found it done. When it did, the estimate shrinks a little; when it did not, it grows nine times
 * as much, so it settles where nine first polls in ten find the simulation done — about 1.1 polls
 * per simulation, and completion seen soon after it happens, since the quantile of a steady
 * processing time lies just above it.
 *
 * <p>Simulations in flight together start together and report together: fifty of them say one
 * thing, not fifty. Each observation therefore moves the estimate by one share of a step, its share
 * of the simulations in flight, so a whole wave moves it by one step; moved by every observation
 * in full, one wave would swing it far past the truth and the next far back.
 *
 * <p>Two cases need more than small steps. Before anything has completed, nothing is known, so a
 * pending first poll is followed by polls growing from the estimate itself rather than by fine
 * steps; and a simulation completing far beyond the estimate — at the start of a run, or when the
 * bot slows down — pulls it a fifth of the way to that completion's upper bound at once, so one
 * wave is enough to learn from. Coming down has no such evidence: a run of waves whose first polls
 * all found the simulation done, far longer than the one in ten pending allows by chance, doubles
 * the shrinking with every further wave; with no pending first poll ever seen it doubles from the
 * start, so simulations that complete at once are polled at once within a few waves.
 */
final class CompletionEstimate {

    /** The share of first polls that should find the simulation done. */
    static final double QUANTILE = 0.9;
    /** Growth per wave whose first polls found the simulations pending. */
    private static final double UP = 0.09;
    /** Shrinking per wave found done: UP x (1 - QUANTILE) / QUANTILE, which balances at the quantile. */
    private static final double DOWN = UP * (1 - QUANTILE) / QUANTILE;
    /** A completion this far beyond the estimate is news, not chance. */
    private static final double FAR = 1.1;
    private static final double CATCH_UP = 0.2;
    /** Waves all found done before the shrinking speeds up, once a pending first poll has been seen. */
    private static final double PATIENCE = 10;
    private static final double STEP = 0.05;
    private static final double FIRST_STEP = 1.0;

    private final double floorNanos;
    private double estimateNanos;
    private boolean calibrated;
    private boolean seenPending;
    private double doneWaves;

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
        return Duration.ofNanos((long) Math.max(floorNanos, estimateNanos * (calibrated ? STEP : FIRST_STEP)));
    }

    /**
     * @param lastPending elapsed time at the last poll that saw it pending, or {@code null} when the first poll saw it done
     * @param firstDone   elapsed time at the poll that saw it done
     * @param inFlight    simulations in flight when it was seen done, itself included
     */
    synchronized void observe(Duration lastPending, Duration firstDone, int inFlight) {
        calibrated = true;
        double share = 1.0 / Math.max(1, inFlight);
        if (lastPending == null) {
            doneWaves += share;
            double beyondPatience = doneWaves - (seenPending ? PATIENCE : 0);
            double rate = Math.min(0.5, DOWN * Math.pow(2, Math.min(7, Math.max(0, beyondPatience))));
            estimateNanos = Math.max(floorNanos, estimateNanos * (1 - rate * share));
            return;
        }
        seenPending = true;
        doneWaves = 0;
        double middle = (lastPending.toNanos() + firstDone.toNanos()) / 2.0;
        if (middle > FAR * estimateNanos) {
            // One slow simulation must not drag every first poll far out: at most to twice the estimate.
            estimateNanos += CATCH_UP * (Math.min(firstDone.toNanos(), 2 * estimateNanos) - estimateNanos);
        } else {
            estimateNanos += share * UP * estimateNanos;
        }
    }
}
