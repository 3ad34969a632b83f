package dev.botsim.cognigy.engine.transport;

import java.time.Duration;
import java.time.Instant;

import dev.botsim.cognigy.engine.config.Constants;

/**
 * Whether the server this client speaks to is down: one per client, shared by all its requests like {@link RequestHold}.
 * A request that finally fails transiently — a 502, 503 or 504, an I/O error, a refused connection, no answer in
 * time, after its own retries — counts one; any successful answer of any request sets the count back to none. When
 * {@link #failuresToOpen} requests in a row failed so, over at least {@link #probeEvery} from the first failure to the
 * latest, the breaker opens: every later request fails at once, unsent, naming the first failure, instead of each
 * remaining test spending its own attempts and timeouts on a server that is gone. Failures over a shorter time are a
 * blip (a load balancer's 502s for a few seconds): refusing requests for a whole probe interval then would fail every
 * remaining test of a run — refused tests take no time, so the run may end before a probe is due — where the blip
 * fails only the tests it meets. One request every {@link #probeEvery} is let through to see whether the server is
 * back: when it is answered, the breaker closes and the run goes on; when it fails, the breaker stays open. A failure
 * that names a {@code Retry-After} puts the next probe off until then when that is later: a server that said when to
 * ask again is not asked before.
 *
 * <p>The probe interval and how long failures have gone on are measured on a monotonic {@link Ticker}, never the wall
 * clock: NTP setting the clock back three hours would otherwise put off the next probe three hours, every request
 * refused meanwhile; setting it forward would open the breaker on a blip. The moments a message writes down (since
 * when, the next probe's) are the wall clock's.
 *
 * <p>A healthy client pays one volatile read per request for it: a success after a success takes no lock.
 */
public final class OutageBreaker {

    /** Whether a request is sent. */
    sealed interface Admission permits Send, Refuse {
    }

    /** Send it; {@code probe} when the breaker is open and this request is the one to see whether the server is back. */
    record Send(boolean probe) implements Admission {
    }

    /** Do not send it, because of {@code problem}. */
    record Refuse(Phrase problem) implements Admission {
    }

    private static final Send SEND = new Send(false);
    private static final Send PROBE = new Send(true);

    private final int failuresToOpen;
    private final Duration probeEvery;
    /** {@link #probeEvery} in nanoseconds of the ticker. */
    private final long probeNanos;
    /** Whether no request failed since the last success: the fast path of {@link #succeeded()}. */
    private volatile boolean clean = true;
    /** Whether the breaker is open: requests are refused but for a probe every {@link #probeEvery}. */
    private volatile boolean open;
    private int failures;
    /** When the first failure in a row was, on the wall clock, for messages. */
    private Instant firstFailedAt;
    /** When the first failure in a row was, on the ticker, for how long failures have gone on. */
    private long firstFailedTick;
    private Phrase firstCause;
    /** When the next probe is due, on the ticker. */
    private long nextProbe;
    /** Whether {@link #nextProbe} is the moment a server's {@code Retry-After} named, later than the interval's. */
    private boolean nextProbeAsked;

    /**
     * @param failuresToOpen final failures in a row, with no success between, that open the breaker; at least 1
     * @param probeEvery     how often, while open, one request is let through; and how long failures must have gone on
     *                       before it opens
     */
    public OutageBreaker(int failuresToOpen, Duration probeEvery) {
        if (failuresToOpen < 1) throw new IllegalArgumentException("failuresToOpen must be at least 1: " + failuresToOpen);
        if (probeEvery.isNegative() || probeEvery.isZero()) {
            throw new IllegalArgumentException("probeEvery must be more than 0: " + probeEvery);
        }
        this.failuresToOpen = failuresToOpen;
        this.probeEvery = probeEvery;
        this.probeNanos = nanos(probeEvery);
    }

    /**
     * Whether request {@code what} is sent at {@code now} ({@code tick} on the ticker): always while closed; while open,
     * one every {@link #probeEvery}.
     */
    Admission admit(Instant now, long tick, String what) {
        if (!open) return SEND;
        synchronized (this) {
            if (!open) return SEND;
            if (nextProbe - tick <= 0) {
                nextProbe = tick + probeNanos;
                nextProbeAsked = false;
                return PROBE;
            }
            Phrase refused = Phrase.of(what + " not sent: the server failed ").varying(failures, "<n>")
                    .and(" requests in a row since ").varying(firstFailedAt, "<time>").and(", the first: ").and(firstCause)
                    .and(" (" + Constants.RETRY_OUTAGE_AFTER + "); one request every " + Retries.readable(probeEvery)
                            + " is sent to see whether it is back (" + Constants.RETRY_OUTAGE_PROBE + ")");
            // The moment written down is the wall clock's, as far from now as the ticker says the probe is.
            return new Refuse(nextProbeAsked ? refused.and("; the next not before ")
                    .varying(now.plusNanos(nextProbe - tick), "<time>").and(", as the server asked (Retry-After)") : refused);
        }
    }

    /** A request was answered successfully: the count is back to none, and an open breaker closes. */
    void succeeded() {
        if (clean) return;
        synchronized (this) {
            failures = 0;
            firstFailedAt = null;
            firstCause = null;
            open = false;
            clean = true;
        }
    }

    /**
     * A request finally failed transiently at {@code now} ({@code tick} on the ticker), as {@code cause} says, the server
     * asking for no request for {@code retryAfter} ({@link Duration#ZERO} when it named no {@code Retry-After}): one more
     * in a row, and, while the breaker is open, no probe before then.
     */
    synchronized void failed(Instant now, long tick, Phrase cause, Duration retryAfter) {
        clean = false;
        if (failures++ == 0) {
            firstFailedAt = now;
            firstFailedTick = tick;
            firstCause = cause;
        }
        if (!open && failures >= failuresToOpen && tick - firstFailedTick >= probeNanos) {
            open = true;
            nextProbe = tick + probeNanos;
            nextProbeAsked = false;
        }
        long asked = nanos(retryAfter);
        if (open && tick + asked - nextProbe > 0) {
            nextProbe = tick + asked;
            nextProbeAsked = true;
        }
    }

    /** {@code duration} in nanoseconds, held within what a ticker's readings can be compared over (some 73 years). */
    private static long nanos(Duration duration) {
        long longest = Long.MAX_VALUE / 4;
        return duration.compareTo(Duration.ofNanos(longest)) > 0 ? longest : duration.toNanos();
    }

    /** Whether requests are refused now, but for probes. */
    public boolean open() {
        return open;
    }
}
