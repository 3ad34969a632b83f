package dev.botsim.cognigy.engine.transport;

import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;

import dev.botsim.cognigy.engine.config.RetrySettings;

/**
 * When and how long a client waits before repeating a request: one policy for every client, each
 * naming where it differs. Transient failures — I/O errors and the {@link #transientStatuses} —
 * cost attempts, at most {@link #maxAttempts}, with {@link #backoff} between them or the server's
 * {@code Retry-After}; a 429 either costs time, not attempts ({@link RateLimits#REFUSALS}), or counts
 * like any transient failure. A single {@code Retry-After} beyond {@link #longestWait} ends the
 * request at once, and every later one until that moment without sending it ({@link Retries#held()}); so do
 * {@link RetrySettings#outageAfter} requests in a row that finally failed over at least {@link RetrySettings#outageProbe},
 * until one sent to see is answered
 * ({@link OutageBreaker}). Waits run on the {@link #clock} and {@link #sleeper}, so tests check them on a virtual clock.
 * Durations are measured on a monotonic {@link Ticker}, never the wall clock, which NTP may set back or forward: a
 * deadline ({@link #startUntil}) on its own, the outage breaker's probe interval and a hold for a {@code Retry-After} in
 * seconds on the {@link #ticker()} the sleeper's waits pass on ({@link Ticker#SYSTEM} in a run, virtual in tests).
 *
 * @param maxAttempts       attempts of one request facing transient failures; 1 never repeats one
 * @param backoff           waits between transient failures when the server names none
 * @param transientStatuses the statuses that are transient failures
 * @param rateLimits        what a 429 is
 * @param longestWait       longest single {@code Retry-After} waited
 * @param rateLimitTimeout  with {@link RateLimits#REFUSALS}, how long the waits for 429s may add up to
 * @param clock             time source for HTTP-date {@code Retry-After} and the hold it asks for, and for the moments
 *                          messages write down
 * @param sleeper           how waits are made, and the {@link Ticker} they pass on
 * @param hold              the moment the server asked for no request before, shared by every request under this
 *                          policy and the policies made from it with the {@code with} methods: one per client
 * @param breaker           whether the server is taken for down, after so many requests in a row failed: shared like
 *                          {@code hold}
 */
public record RetryPolicy(int maxAttempts, Backoff backoff, TransientStatuses transientStatuses, RateLimits rateLimits,
                          Duration longestWait, Duration rateLimitTimeout, Clock clock, Sleeper sleeper,
                          RequestHold hold, OutageBreaker breaker) {

    /** No limit on a single wait other than a deadline. */
    public static final Duration UNBOUNDED = ChronoUnit.FOREVER.getDuration();

    /** Which answers are transient failures, worth another attempt. */
    public enum TransientStatuses {
        /** 5xx. */
        SERVER_ERRORS,
        /** 408 and 5xx. */
        TIMEOUTS_AND_SERVER_ERRORS;

        boolean test(int status) {
            return status >= 500 || this == TIMEOUTS_AND_SERVER_ERRORS && status == 408;
        }
    }

    /** What a 429 is to the client. */
    public enum RateLimits {
        /** Refused, not processed: repeated while the waits fit the rate limit timeout, costing no attempt. */
        REFUSALS,
        /** A transient failure like a 5xx, costing an attempt. */
        TRANSIENT
    }

    /**
     * The requests to Cognigy: {@link RetrySettings}' attempts, waits and outage breaker, 5xx and I/O errors transient
     * with {@link Backoff#TRANSIENT}, a 429 a refusal; real time.
     */
    public static RetryPolicy of(RetrySettings settings) {
        return new RetryPolicy(settings.maxAttempts(), Backoff.TRANSIENT, TransientStatuses.SERVER_ERRORS, RateLimits.REFUSALS,
                settings.longestWait(), settings.rateLimitTimeout(), Clock.systemUTC(), Sleeper.SYSTEM, new RequestHold(),
                new OutageBreaker(settings.outageAfter(), settings.outageProbe()));
    }

    /** One request, named {@code what} ("GET /api/bot/info") in waits and messages, its retries written to {@code log}. */
    public Retries start(String what, RetryLog log) {
        return new Retries(this, what, log, Deadline.NONE, "");
    }

    /**
     * One request made for a request the {@link OutageBreaker} already let through — the access token it needs: only the
     * server's hold stops it, not the breaker, which would otherwise refuse the token of the very probe that is to close it.
     */
    public Retries startFor(String what, RetryLog log) {
        return new Retries(this, what, log, Deadline.NONE, "", true);
    }

    /**
     * One request whose waits all end before {@code deadline}: no wait is begun that would end after it. The deadline is
     * measured on its own {@link Ticker}, so a wall clock set back or forward meanwhile changes none of the waits.
     *
     * @param deadlineName what the deadline is, for messages ("this run's delivery budget")
     */
    public Retries startUntil(String what, RetryLog log, Deadline deadline, String deadlineName) {
        return new Retries(this, what, log, deadline, deadlineName);
    }

    public RetryPolicy withMaxAttempts(int maxAttempts) {
        return new RetryPolicy(maxAttempts, backoff, transientStatuses, rateLimits, longestWait, rateLimitTimeout, clock, sleeper, hold, breaker);
    }

    public RetryPolicy withBackoff(Backoff backoff) {
        return new RetryPolicy(maxAttempts, backoff, transientStatuses, rateLimits, longestWait, rateLimitTimeout, clock, sleeper, hold, breaker);
    }

    public RetryPolicy withTransientStatuses(TransientStatuses transientStatuses) {
        return new RetryPolicy(maxAttempts, backoff, transientStatuses, rateLimits, longestWait, rateLimitTimeout, clock, sleeper, hold, breaker);
    }

    public RetryPolicy withRateLimits(RateLimits rateLimits) {
        return new RetryPolicy(maxAttempts, backoff, transientStatuses, rateLimits, longestWait, rateLimitTimeout, clock, sleeper, hold, breaker);
    }

    public RetryPolicy withLongestWait(Duration longestWait) {
        return new RetryPolicy(maxAttempts, backoff, transientStatuses, rateLimits, longestWait, rateLimitTimeout, clock, sleeper, hold, breaker);
    }

    RetryPolicy withRateLimitTimeout(Duration rateLimitTimeout) {
        return new RetryPolicy(maxAttempts, backoff, transientStatuses, rateLimits, longestWait, rateLimitTimeout, clock, sleeper, hold, breaker);
    }

    public RetryPolicy withClock(Clock clock) {
        return new RetryPolicy(maxAttempts, backoff, transientStatuses, rateLimits, longestWait, rateLimitTimeout, clock, sleeper, hold, breaker);
    }

    /** Waits made by {@code sleeper}, durations measured on the {@link Sleeper#ticker()} its waits pass on. */
    public RetryPolicy withSleeper(Sleeper sleeper) {
        return new RetryPolicy(maxAttempts, backoff, transientStatuses, rateLimits, longestWait, rateLimitTimeout, clock, sleeper, hold, breaker);
    }

    /** Durations measured on {@code ticker}: the virtual ticker a test's sleeper moves. */
    public RetryPolicy withTicker(Ticker ticker) {
        return withSleeper(sleeper.on(ticker));
    }

    /**
     * The monotonic time the outage breaker's probe interval and a hold for a {@code Retry-After} in seconds are
     * measured on: the sleeper's, so that its waits pass on it.
     */
    public Ticker ticker() {
        return sleeper.ticker();
    }
}
