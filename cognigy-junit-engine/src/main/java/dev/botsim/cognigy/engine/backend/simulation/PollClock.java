package dev.botsim.cognigy.engine.backend.simulation;

import java.util.concurrent.TimeUnit;

/**
 * The time status polling runs on: the JVM's monotonic clock and real, interruptible sleeps in a
 * run; a virtual clock in tests, so that polling is tested without waiting for real.
 */
interface PollClock {

    PollClock SYSTEM = new PollClock() {
        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public void sleep(long nanos) throws InterruptedException {
            TimeUnit.NANOSECONDS.sleep(nanos);
        }
    };

    long nanoTime();

    /** Waits {@code nanos}; an interrupt ends the wait at once with {@link InterruptedException}. */
    void sleep(long nanos) throws InterruptedException;
}
