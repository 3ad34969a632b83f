package dev.botsim.cognigy.engine.backend;

import java.time.Duration;

/** How waiting is done: for real in a run, on a virtual clock in tests so nothing really sleeps. */
@FunctionalInterface
public interface Sleeper {

    Sleeper SYSTEM = duration -> Thread.sleep(duration.toMillis(), (int) (duration.toNanosPart() % 1_000_000));

    void sleep(Duration duration) throws InterruptedException;
}
