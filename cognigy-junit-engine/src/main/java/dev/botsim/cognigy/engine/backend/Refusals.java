package dev.botsim.cognigy.engine.backend;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

import dev.botsim.cognigy.engine.config.Constants;

/**
 * The 429s one request met. A 429 is a refusal, not a failure: the request was not processed, so
 * repeating it is safe and costs no attempt. It is repeated after the server's {@code Retry-After}
 * (or a growing backoff when it names none) for as long as the waits add up to less than the rate
 * limit timeout, so a test never fails for a 429 the server later clears. A single
 * {@code Retry-After} beyond the longest wait ends the request at once, with a message saying so,
 * instead of stalling CI for a day.
 */
public final class Refusals {

    private final Duration longestWait;
    private final Duration timeout;
    private final Clock clock;
    private int count;
    private Duration waited = Duration.ZERO;

    public Refusals(Duration longestWait, Duration timeout, Clock clock) {
        this.longestWait = longestWait;
        this.timeout = timeout;
        this.clock = clock;
    }

    /**
     * How long to wait before repeating a request {@code where} refused with 429.
     *
     * @throws BackendException when the server asks for more than the longest wait, or has refused for too long
     */
    public Duration next(String retryAfter, String where) {
        count++;
        Optional<Duration> asked = RetryAfter.parse(retryAfter, clock.instant());
        Duration wait = asked.orElseGet(() -> Backoff.RATE_LIMITED.delay(count));
        if (wait.compareTo(longestWait) > 0) {
            throw new BackendException(BackendException.Kind.TRANSPORT, where + " answered 429 and asked to retry after "
                    + wait.toSeconds() + " s, longer than the " + longestWait.toSeconds() + " s a request waits ("
                    + Constants.RETRY_LONGEST_WAIT + "); lower " + Constants.MAX_CONCURRENCY
                    + " or ask for a higher rate limit");
        }
        if (waited.plus(wait).compareTo(timeout) > 0) {
            throw new BackendException(BackendException.Kind.TRANSPORT, where + " kept answering 429 for "
                    + waited.toSeconds() + " s (" + count + " refusals), the most a request waits ("
                    + Constants.RETRY_RATE_LIMIT_TIMEOUT + "); lower " + Constants.MAX_CONCURRENCY
                    + " or ask for a higher rate limit");
        }
        waited = waited.plus(wait);
        return wait;
    }

    /** Why the last wait was chosen, for the retry log. */
    public static String reason(String retryAfter) {
        return retryAfter == null || retryAfter.isBlank() ? "429" : "429 with Retry-After " + retryAfter.trim();
    }
}
