package dev.botsim.cognigy.engine;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock tests move by hand: time-based behaviour without sleeping. */
public final class MutableClock extends Clock {

    private volatile Instant now;

    public MutableClock() {
        this(Instant.parse("2026-11-24T10:00:00Z"));
    }

    public MutableClock(Instant start) {
        this.now = start;
    }

    public synchronized void advance(Duration by) {
        now = now.plus(by);
    }

    /** Moves the clock to {@code at}, unless it is there or later already. */
    public synchronized void advanceTo(Instant at) {
        if (at.isAfter(now)) now = at;
    }

    /**
     * A view of this clock each reading of which first moves it by {@code step}: a run takes time while it sends nothing
     * too, and time that waits and answers move passes for both.
     */
    public Clock readingTakes(Duration step) {
        MutableClock moved = this;
        return new Clock() {
            @Override
            public Instant instant() {
                moved.advance(step);
                return moved.instant();
            }

            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                return this;
            }
        };
    }

    @Override
    public Instant instant() {
        return now;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
