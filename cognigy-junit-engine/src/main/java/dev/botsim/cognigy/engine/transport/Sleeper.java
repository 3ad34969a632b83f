package dev.botsim.cognigy.engine.transport;

import java.time.Duration;

/**
 * How every client waits before repeating a request: for real in a run, on a virtual clock in tests
 * so nothing really sleeps. What an interrupt means is each client's to say — a backend abandons the
 * request, the webhook keeps the payload for the next run — so it is passed on as it is.
 *
 * <p>A sleeper also names the {@link Ticker} its waits pass on, which budgets, holds and the outage breaker measure
 * durations on: {@link Ticker#SYSTEM} for real sleeps; a test's virtual sleeper names the virtual ticker it moves
 * ({@link #on}), so what it waits is time passed for them too, whatever the test does to its wall clock.
 */
@FunctionalInterface
public interface Sleeper {

    Sleeper SYSTEM = duration -> Thread.sleep(duration.toMillis(), duration.toNanosPart() % 1_000_000);

    void sleep(Duration duration) throws InterruptedException;

    /** The monotonic time this sleeper's waits pass on: {@link Ticker#SYSTEM} unless it says otherwise. */
    default Ticker ticker() {
        return Ticker.SYSTEM;
    }

    /** This sleeper, its waits passing on {@code ticker}: a virtual sleeper and the virtual ticker it moves. */
    default Sleeper on(Ticker ticker) {
        Sleeper sleeps = this;
        return new Sleeper() {
            @Override
            public void sleep(Duration duration) throws InterruptedException {
                sleeps.sleep(duration);
            }

            @Override
            public Ticker ticker() {
                return ticker;
            }
        };
    }
}
