package dev.botsim.cognigy.engine.transport;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The moment a server asked a client to send nothing before, when that is further off than a request waits
 * ({@code Retry-After} beyond the longest wait): one per client, shared by all its requests. The request that was told
 * fails at once; so does every later one until that moment, without being sent, naming what the server said. A rate
 * limit or an outage announced for an hour is not asked again, a request for each remaining test.
 *
 * <p>A {@code Retry-After} of so many seconds is a duration, measured on a monotonic {@link Ticker} ({@link Deadline}):
 * NTP setting the wall clock back three hours must not stretch an hour's refusal to four, nor setting it forward end
 * it at once. One naming an HTTP date is a moment on the wall clock, and is held to it.
 */
public final class RequestHold {

    /** The latest moment on the wall clock asked for (an HTTP date), and why. */
    private Instant until = Instant.MIN;
    private Phrase untilCause;
    /** The latest end of a delay asked for (seconds), on the ticker, and why. */
    private Deadline end;
    private Phrase endCause;

    /**
     * No request before the wall clock reaches {@code until} (an HTTP date), because of {@code cause}; an earlier moment
     * never shortens a hold.
     */
    synchronized void hold(Instant until, Phrase cause) {
        if (!until.isAfter(this.until)) return;
        this.until = until;
        this.untilCause = cause;
    }

    /**
     * No request before {@code delay} has passed on {@code ticker} (a {@code Retry-After} in seconds), because of
     * {@code cause}; a delay ending earlier never shortens a hold.
     */
    synchronized void hold(Duration delay, Ticker ticker, Phrase cause) {
        Deadline asked = Deadline.after(delay, ticker);
        if (end != null && asked.left().compareTo(end.left()) <= 0) return;
        this.end = asked;
        this.endCause = cause;
    }

    /**
     * Why request {@code what} is not sent at {@code now} on the wall clock, or empty when nothing holds it; the moment it
     * names is on the wall clock, a delay's end as far from {@code now} as is left of it.
     */
    synchronized Optional<Phrase> check(Instant now, String what) {
        Duration wallLeft = now.isBefore(until) ? Duration.between(now, until) : Duration.ZERO;
        Duration delayLeft = end == null || end.spent() ? Duration.ZERO : end.left();
        if (wallLeft.isZero() && delayLeft.isZero()) return Optional.empty();
        boolean wall = wallLeft.compareTo(delayLeft) >= 0;
        return Optional.of(Phrase.of(what + " not sent: the server asked for no request before ")
                .varying(wall ? until : now.plus(delayLeft), "<time>").and(" (").and(wall ? untilCause : endCause).and(")"));
    }
}
