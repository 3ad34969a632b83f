package dev.botsim.cognigy.engine.transport;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.Locale;
import java.util.Optional;

/**
 * Keeps requests within a budget per window by waiting, rather than finding out from 429s: shared SaaS
 * allows 1,000 management requests per 5 minutes per IP, a REST Endpoint in test mode 600 messages per hour.
 *
 * <p>Each caller reserves the earliest moment that fits and waits for it outside the lock, so callers queue
 * in order, none holds others up while sleeping, and an interrupted wait ends at once (its slot stays
 * spent: the budget errs on the side of sending less).
 *
 * <p>The window is measured on the sleeper's monotonic {@link Ticker}, never the wall clock: NTP setting the clock back
 * three hours would put the requests just sent three hours in the future and hold the next ones that long; setting it
 * forward would empty the window at once, letting a burst past the server's limit. The wall clock only says when a
 * wait ends, for the progress line ({@link BudgetWait#until()}).
 */
public final class RequestBudget {

    private final int limit;
    /** {@link #window}, in nanoseconds of the ticker. */
    private final long windowNanos;
    private final Duration window;
    private final Clock clock;
    private final Ticker ticker;
    private final Sleeper sleeper;
    /** When each request of the last window was (or will be) sent, in order: readings of {@link #ticker}. */
    private final Deque<Long> sent = new ArrayDeque<>();

    /** @param sleeper how a request waits for its slot; the window is measured on its {@link Sleeper#ticker()} */
    public RequestBudget(int limit, Duration window, Clock clock, Sleeper sleeper) {
        if (limit < 1) throw new IllegalArgumentException("limit must be at least 1: " + limit);
        this.limit = limit;
        this.window = window;
        this.windowNanos = window.toNanos();
        this.clock = clock;
        this.ticker = sleeper.ticker();
        this.sleeper = sleeper;
    }

    /** Blocks until one more request fits in the window, then counts it. */
    public void acquire() throws InterruptedException {
        Duration wait = reserve();
        if (!wait.isZero()) sleeper.sleep(wait);
    }

    private synchronized Duration reserve() {
        long now = ticker.nanos();
        forgetBefore(now);
        long at = now;
        if (sent.size() >= limit) {
            // The request `limit` places back must have left the window first.
            Iterator<Long> back = sent.descendingIterator();
            long leaving = 0;
            for (int i = 0; i < limit; i++) leaving = back.next();
            at = leaving + windowNanos;
        }
        sent.addLast(at);
        return Duration.ofNanos(at - now);
    }

    /** Drops the requests that have left the window by {@code now}: they no longer count. */
    private void forgetBefore(long now) {
        while (!sent.isEmpty() && sent.peekFirst() + windowNanos - now <= 0) sent.removeFirst();
    }

    /** Requests that count against the window now: those sent in it, and those reserved for later. */
    public synchronized int spent() {
        forgetBefore(ticker.nanos());
        return sent.size();
    }

    /**
     * How long from now until {@code more} requests beyond those already sent or reserved have all gone, at the
     * earliest: zero when they fit in the window as it is.
     */
    public synchronized Duration timeFor(long more) {
        long now = ticker.nanos();
        forgetBefore(now);
        return Duration.ofNanos(slot(sent.size() + more - 1, now) - now);
    }

    /**
     * What this budget holds back now, if anything: {@code whose} budget it is (for the progress line), how many
     * requests wait, until when the last of them waits (on the wall clock, as the line writes it down), and how long
     * until {@code more} requests after them would have gone too.
     */
    public synchronized Optional<BudgetWait> waiting(String whose, long more) {
        long now = ticker.nanos();
        forgetBefore(now);
        int held = 0;
        long until = now;
        for (long at : sent) {
            if (at - now > 0) {
                held++;
                until = at;
            }
        }
        if (held == 0) return Optional.empty();
        long last = more > 0 ? slot(sent.size() + more - 1, now) : until;
        return Optional.of(new BudgetWait(whose + " budget of " + describe(), held, clock.instant().plusNanos(until - now),
                Duration.ofNanos(last - now)));
    }

    /**
     * When the request at {@code position} in the window's order (0 for the oldest still counted) may go: the one
     * {@code limit} places before it must have left the window first, whether it is sent, reserved, or yet to come.
     */
    private long slot(long position, long now) {
        if (position < sent.size()) return max(now, nth((int) position));
        long windows = 0;
        long before = position;
        while (before >= limit) {
            before -= limit;
            windows++;
            if (before < sent.size()) return nth((int) before) + windowNanos * windows;
        }
        // Within the first `limit` places and not yet reserved: it fits now, and each window later.
        return now + windowNanos * windows;
    }

    private long nth(int index) {
        Iterator<Long> it = sent.iterator();
        for (int i = 0; i < index; i++) it.next();
        return it.next();
    }

    /** The later of two ticker readings: compared by their difference, as {@link System#nanoTime} readings must be. */
    private static long max(long a, long b) {
        return a - b > 0 ? a : b;
    }

    /** "1,000 requests per 5 minutes". */
    public String describe() {
        long minutes = window.toMinutes();
        String per = window.equals(Duration.ofHours(1)) ? "hour"
                : minutes > 0 && window.equals(Duration.ofMinutes(minutes)) ? (minutes == 1 ? "minute" : minutes + " minutes")
                : window.toSeconds() + " seconds";
        return String.format(Locale.ROOT, "%,d requests per %s", limit, per);
    }

    /** The most requests per window. */
    public int limit() {
        return limit;
    }

    public Duration window() {
        return window;
    }

    /** How long sending {@code requests} takes at this budget at the least, from an empty window. */
    public Duration expectedDuration(long requests) {
        return requests <= limit ? Duration.ZERO : window.multipliedBy((requests - 1) / limit);
    }
}
