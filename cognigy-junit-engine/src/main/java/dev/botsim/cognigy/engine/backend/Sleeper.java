package dev.botsim.cognigy.engine.backend;

import java.time.Duration;

/** How waiting is done: for real in a run, on a virtual clock in tests so nothing really sleeps. */
@FunctionalInterface
public interface Sleeper {

    Sleeper SYSTEM = duration -> Thread.sleep(duration.toMillis(), (int) (duration.toNanosPart() % 1_000_000));

    void sleep(Duration duration) throws InterruptedException;

    /**
     * Waits before a retry; an interrupt (the run was cancelled) abandons the request instead.
     *
     * @throws BackendInterruptedException when interrupted; the thread's interrupt flag stays set
     */
    default void waitBeforeRetry(Duration wait) {
        try {
            sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BackendInterruptedException("abandoned while waiting to retry: the waiting thread was interrupted");
        }
    }
}
