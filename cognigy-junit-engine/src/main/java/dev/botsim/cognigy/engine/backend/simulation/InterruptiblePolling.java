package dev.botsim.cognigy.engine.backend.simulation;

import java.time.Duration;
import org.awaitility.pollinterval.PollInterval;

import dev.botsim.cognigy.engine.backend.BackendInterruptedException;

/**
 * Polls on the caller's thread until a poll reports done or a deadline passes; an interrupt ends
 * the wait between polls at once. Time is the given {@link PollClock}'s, virtual in tests.
 *
 * <p>Awaitility is not used for this: its waits (poll delay, poll interval, even the condition's
 * future) are uninterruptible — 4.3.0 sleeps through an interrupt and only re-asserts the flag
 * afterwards — so a cancelled run's threads would go on sleeping for up to the first-poll delay or
 * {@code cognigy.poll.max-interval} before noticing.
 */
final class InterruptiblePolling {

    /** One status poll. */
    @FunctionalInterface
    interface Poll {
        /** Whether the awaited state was reached. */
        boolean done();
    }

    private InterruptiblePolling() {
    }

    /**
     * Waits {@code firstDelay} (at most until the deadline), then polls at the intervals given until done; the last
     * poll is made at the deadline rather than skipped, so an answer that arrived just in time still counts.
     *
     * @param atMost how long from now the polls may go on
     * @return whether a poll reported done before the deadline
     * @throws BackendInterruptedException when the thread is interrupted while waiting; its
     *                                     interrupt flag stays set
     */
    static boolean until(PollClock clock, Duration firstDelay, PollInterval intervals, Duration atMost, Poll poll) {
        long deadline = clock.nanoTime() + atMost.toNanos();
        // A first delay beyond the deadline (a learned first poll longer than a short timeout) is cut to it: a poll
        // after the deadline could count as done a simulation that took longer than the timeout allows.
        pause(clock, Math.min(firstDelay.toNanos(), atMost.toNanos()));
        Duration interval = firstDelay;
        for (int count = 1; ; count++) {
            if (poll.done()) return true;
            long remaining = deadline - clock.nanoTime();
            if (remaining <= 0) return false;
            interval = intervals.next(count, interval);
            pause(clock, Math.min(interval.toNanos(), remaining));
        }
    }

    private static void pause(PollClock clock, long nanos) {
        try {
            // sleep(0) would not notice an interrupt that arrived during the poll itself.
            if (Thread.currentThread().isInterrupted()) throw new InterruptedException();
            clock.sleep(nanos);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BackendInterruptedException("stopped polling: the waiting thread was interrupted");
        }
    }
}
