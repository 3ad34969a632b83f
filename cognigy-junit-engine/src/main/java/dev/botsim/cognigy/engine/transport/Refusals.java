package dev.botsim.cognigy.engine.transport;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import dev.botsim.cognigy.engine.config.Constants;

/**
 * The 429s one request met, for a client that takes a 429 as a refusal: the request was not
 * processed, so repeating it is safe and costs no attempt. It is repeated after the server's
 * {@code Retry-After} (or a growing backoff when it names none) for as long as the waits add up to
 * less than the rate limit timeout, so a request never fails for a 429 the server later clears. A
 * single {@code Retry-After} beyond the longest wait ends the request at once, with a message saying
 * so, instead of stalling CI for a day.
 */
final class Refusals {

    private final Duration longestWait;
    private final Duration timeout;
    private int count;
    private Duration waited = Duration.ZERO;

    Refusals(Duration longestWait, Duration timeout) {
        this.longestWait = longestWait;
        this.timeout = timeout;
    }

    /** Whether and after how long to repeat a request {@code what} the server refused with 429. */
    Retries.Next next(String retryAfter, Instant now, String what) {
        count++;
        // Retry-After: 0 asks for no wait, which a limiter rounding a fraction of a second down sends: repeated at once
        // it would meet the same refusal in a burst of requests, and from a server that always says 0, without end —
        // waits of nothing never add up to the rate-limit timeout. The backoff applies, as to a 429 naming no wait.
        Optional<Duration> asked = RetryAfter.parse(retryAfter, now).filter(named -> !named.isZero());
        Duration wait = asked.orElseGet(() -> Backoff.RATE_LIMITED.delay(count));
        if (wait.compareTo(longestWait) > 0) {
            return new Retries.GiveUp(Phrase.of(what + " answered 429 and asked to retry after ").varying(wait.toSeconds() + " s", "<wait>")
                    .and(", longer than the " + longestWait.toSeconds() + " s a request waits (" + Constants.RETRY_LONGEST_WAIT
                            + "); lower " + Constants.MAX_CONCURRENCY + " or ask for a higher rate limit"), Delivery.SENT);
        }
        if (waited.plus(wait).compareTo(timeout) > 0) {
            return new Retries.GiveUp(Phrase.of(what + " kept answering 429 for ").varying(waited.toSeconds() + " s", "<wait>")
                    .and(" (").varying(count, "<n>").and(" refusals), the most a request waits (" + Constants.RETRY_RATE_LIMIT_TIMEOUT
                            + "); lower " + Constants.MAX_CONCURRENCY + " or ask for a higher rate limit"), Delivery.SENT);
        }
        waited = waited.plus(wait);
        return new Retries.Retry(wait, what + " answered " + reason(retryAfter));
    }

    /** Why the wait was chosen, for the retry log. */
    static String reason(String retryAfter) {
        return retryAfter == null || retryAfter.isBlank() ? "429" : "429 with Retry-After " + retryAfter.trim();
    }
}
