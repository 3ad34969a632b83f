package dev.botsim.cognigy.engine.transport;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A monotonic {@link Ticker} tests move by hand, in step with their virtual sleeper: time passes on it only as the test
 * says, whatever the test does to its wall clock meanwhile.
 */
public final class VirtualTicker implements Ticker {

    private final AtomicLong nanos = new AtomicLong();

    public void advance(Duration by) {
        nanos.addAndGet(by.toNanos());
    }

    @Override
    public long nanos() {
        return nanos.get();
    }

    /**
     * The ticker of a test whose virtual clock only ever moves forward, by the waits its sleeper makes: each reading the
     * clock's time since the epoch. A test that sets its clock back or forward uses a {@link VirtualTicker} instead.
     */
    public static Ticker of(Clock clock) {
        return () -> {
            Instant now = clock.instant();
            return now.getEpochSecond() * 1_000_000_000L + now.getNano();
        };
    }
}
