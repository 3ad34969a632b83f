package dev.botsim.cognigy.engine.backend.simulation;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/** Polling time that never waits: each sleep is recorded and moves the clock by its length. */
final class VirtualPollClock implements PollClock {

    private final AtomicLong now = new AtomicLong();
    private final List<Duration> sleeps = new CopyOnWriteArrayList<>();

    @Override
    public long nanoTime() {
        return now.get();
    }

    @Override
    public void sleep(long nanos) {
        sleeps.add(Duration.ofNanos(nanos));
        now.addAndGet(nanos);
    }

    /** Every wait so far, in order. */
    List<Duration> sleeps() {
        return List.copyOf(sleeps);
    }
}
