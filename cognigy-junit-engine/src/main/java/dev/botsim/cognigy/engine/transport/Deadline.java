package dev.botsim.cognigy.engine.transport;

import java.time.Duration;
import java.time.temporal.ChronoUnit;

/**
 * When a budget of time runs out, measured on a {@link Ticker}: how much of it is left does not change when the wall
 * clock is set back or forward meanwhile, so a budget of a minute lasts a minute — not hours after NTP set the clock back,
 * not nothing after it set it forward.
 */
public final class Deadline {

    /** No deadline: every wait fits. */
    public static final Deadline NONE = new Deadline(null, 0);

    /**
     * The longest budget measured, about 73 years: the ticker's readings are compared by their difference, which must
     * stay far from overflowing.
     */
    private static final long LONGEST = Long.MAX_VALUE / 4;

    private final Ticker ticker;
    private final long end;

    private Deadline(Ticker ticker, long end) {
        this.ticker = ticker;
        this.end = end;
    }

    /** The deadline {@code budget} from now on {@code ticker}. */
    public static Deadline after(Duration budget, Ticker ticker) {
        long nanos = budget.isNegative() ? 0 : budget.compareTo(Duration.ofNanos(LONGEST)) > 0 ? LONGEST : budget.toNanos();
        return new Deadline(ticker, ticker.nanos() + nanos);
    }

    /** How long is left until the deadline: zero or negative once it has passed; forever for {@link #NONE}. */
    public Duration left() {
        if (ticker == null) return ChronoUnit.FOREVER.getDuration();
        return Duration.ofNanos(end - ticker.nanos());
    }

    /** Whether the deadline has passed. */
    public boolean spent() {
        Duration left = left();
        return left.isNegative() || left.isZero();
    }
}
