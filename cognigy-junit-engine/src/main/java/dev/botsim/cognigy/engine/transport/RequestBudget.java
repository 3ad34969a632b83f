package dev.botsim.cognigy.engine.transport;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
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
 */
public final class RequestBudget {

    private final int limit;
    private final Duration window;
    private final Clock clock;
    private final Sleeper sleeper;
    /** When each request of the last window was (or will be) sent, in order. */
    private final Deque<Instant> sent = new ArrayDeque<>();

    public RequestBudget(int limit, Duration window, Clock clock, Sleeper sleeper) {
        if (limit < 1) throw new IllegalArgumentException("limit must be at least 1: " + limit);
        this.limit = limit;
        this.window = window;
        this.clock = clock;
        this.sleeper = sleeper;
    }

    /** Blocks until one more request fits in the window, then counts it. */
    public void acquire() throws InterruptedException {
        Duration wait = reserve();
        if (!wait.isZero()) sleeper.sleep(wait);
    }

    private synchronized Duration reserve() {
        Instant now = clock.instant();
        forgetBefore(now);
        Instant at = now;
        if (sent.size() >= limit) {
            // The request `limit` places back must have left the window first.
            Iterator<Instant> back = sent.descendingIterator();
            Instant leaving = null;
            for (int i = 0; i < limit; i++) leaving = back.next();
            at = leaving.plus(window);
        }
        sent.addLast(at);
        return Duration.between(now, at);
    }

    /** Drops the requests that have left the window by {@code now}: they no longer count. */
    private void forgetBefore(Instant now) {
        while (!sent.isEmpty() && !sent.peekFirst().plus(window).isAfter(now)) sent.removeFirst();
    }

    /** Requests that count against the window now: those sent in it, and those reserved for later. */
    public synchronized int spent() {
        forgetBefore(clock.instant());
        return sent.size();
    }

    /**
     * How long from now until {@code more} requests beyond those already sent or reserved have all gone, at the
     * earliest: zero when they fit in the window as it is.
     */
    public synchronized Duration timeFor(long more) {
        Instant now = clock.instant();
        forgetBefore(now);
        return Duration.between(now, slot(sent.size() + more - 1, now));
    }

    /**
     * What this budget holds back now, if anything: {@code whose} budget it is (for the progress line), how many
     * requests wait, until when the last of them waits, and how long until {@code more} requests after them would have
     * gone too.
     */
    public synchronized Optional<BudgetWait> waiting(String whose, long more) {
        Instant now = clock.instant();
        forgetBefore(now);
        int held = 0;
        Instant until = now;
        for (Instant at : sent) {
            if (at.isAfter(now)) {
                held++;
                until = at;
            }
        }
        if (held == 0) return Optional.empty();
        Instant last = more > 0 ? slot(sent.size() + more - 1, now) : until;
        return Optional.of(new BudgetWait(whose + " budget of " + describe(), held, until, Duration.between(now, last)));
    }

    /**
     * When the request at {@code position} in the window's order (0 for the oldest still counted) may go: the one
     * {@code limit} places before it must have left the window first, whether it is sent, reserved, or yet to come.
     */
    private Instant slot(long position, Instant now) {
        if (position < sent.size()) return max(now, nth((int) position));
        long windows = 0;
        long before = position;
        while (before >= limit) {
            before -= limit;
            windows++;
            if (before < sent.size()) return nth((int) before).plus(window.multipliedBy(windows));
        }
        // Within the first `limit` places and not yet reserved: it fits now, and each window later.
        return now.plus(window.multipliedBy(windows));
    }

    private Instant nth(int index) {
        Iterator<Instant> it = sent.iterator();
        for (int i = 0; i < index; i++) it.next();
        return it.next();
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
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
