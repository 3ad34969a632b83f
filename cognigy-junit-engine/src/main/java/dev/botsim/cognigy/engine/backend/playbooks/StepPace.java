package dev.botsim.cognigy.engine.backend.playbooks;

import java.time.Duration;

/**
 * How long a playbook run takes per step, learned from the runs that finished before: a run's
 * first task poll is placed where a run of its length is expected to be done, rather than every
 * fixed two seconds as Cognigy's CLI polls. Playbooks differ in length, so the time is learned per
 * step, not per run.
 *
 * <p>A run's completion lies between its last pending poll and the poll that found it done; the
 * middle of that span is taken as its duration and moves the estimate a third of the way there, so
 * one slow run does not push every later first poll far out. Before any run has finished, the prior
 * is used: one second per step.
 */
final class StepPace {

    static final Duration PRIOR = Duration.ofSeconds(1);
    /** Never poll sooner than this after scheduling: a task is queued before it starts. */
    static final Duration FLOOR = Duration.ofMillis(250);
    private static final double WEIGHT = 1.0 / 3;

    private double perStepNanos = PRIOR.toNanos();

    /** When to poll a run of {@code steps} steps first. */
    synchronized Duration firstPoll(int steps) {
        return Duration.ofNanos(Math.max(FLOOR.toNanos(), (long) (perStepNanos * Math.max(1, steps))));
    }

    /**
     * @param lastPending elapsed time at the last poll that found the task pending, or {@code null} when the first found it done
     * @param done        elapsed time at the poll that found it done
     */
    synchronized void observe(int steps, Duration lastPending, Duration done) {
        double end = done.toNanos();
        double middle = lastPending == null ? end : (lastPending.toNanos() + end) / 2;
        // Found done at the first poll: it may have ended long before, so only the shrinking side is trusted.
        double seen = lastPending == null ? Math.min(middle, perStepNanos * Math.max(1, steps)) * 0.8 : middle;
        perStepNanos += WEIGHT * (seen / Math.max(1, steps) - perStepNanos);
        perStepNanos = Math.max(FLOOR.toNanos() / 10.0, perStepNanos);
    }
}
