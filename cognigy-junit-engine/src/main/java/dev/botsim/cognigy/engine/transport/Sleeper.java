package dev.botsim.cognigy.engine.transport;

import java.time.Duration;

/**
 * How every client waits before repeating a request: for real in a run, on a virtual clock in tests
 * so nothing really sleeps. What an interrupt means is each client's to say — a backend abandons the
 * request, the webhook keeps the payload for the next run — so it is passed on as it is.
 */
@FunctionalInterface
public interface Sleeper {

    Sleeper SYSTEM = duration -> Thread.sleep(duration.toMillis(), duration.toNanosPart() % 1_000_000);

    void sleep(Duration duration) throws InterruptedException;
}
