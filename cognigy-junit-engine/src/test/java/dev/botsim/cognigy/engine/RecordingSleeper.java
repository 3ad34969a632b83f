package dev.botsim.cognigy.engine;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.botsim.cognigy.engine.transport.Sleeper;
import dev.botsim.cognigy.engine.transport.Ticker;
import dev.botsim.cognigy.engine.transport.VirtualTicker;

/**
 * Waits nothing: records each wait and moves the test clock by it, so retry timing is exact and instant. Durations are
 * measured on that clock too ({@link #ticker()}): the tests using it move it only forward. A test that sets its clock back
 * or forward gives the policy a {@link VirtualTicker} of its own.
 */
public final class RecordingSleeper implements Sleeper {

    private final MutableClock clock;
    private final List<Duration> waits = new CopyOnWriteArrayList<>();

    public RecordingSleeper(MutableClock clock) {
        this.clock = clock;
    }

    @Override
    public void sleep(Duration duration) {
        waits.add(duration);
        clock.advance(duration);
    }

    @Override
    public Ticker ticker() {
        return VirtualTicker.of(clock);
    }

    public List<Duration> waits() {
        return List.copyOf(waits);
    }

    public Duration total() {
        return waits.stream().reduce(Duration.ZERO, Duration::plus);
    }
}
