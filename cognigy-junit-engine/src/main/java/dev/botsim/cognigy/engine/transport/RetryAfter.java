package dev.botsim.cognigy.engine.transport;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** RFC 9110 {@code Retry-After}: delay seconds or an HTTP date, the latter read against the client's clock. */
public final class RetryAfter {

    /** The longest delay read: fifteen nines, in seconds. */
    private static final long LONGEST = 999_999_999_999_999L;

    private RetryAfter() {
    }

    /**
     * Whether {@code value} names a delay in seconds, a duration, rather than an HTTP date, a moment on the wall clock: a
     * hold for a delay is measured on a {@link Ticker}, one until a date on the wall clock.
     */
    static boolean isDelay(String value) {
        return value != null && value.trim().matches("\\d+");
    }

    /**
     * The wait {@code value} asks for at {@code now}: its delay in seconds, or the time until the HTTP date it names. A
     * date already past by this machine's clock names no wait, as no {@code Retry-After} does, and the client's own backoff
     * applies: the server meant a wait still to come, and its clock runs behind this one's. Read as no wait at all, such
     * 429s would be repeated at once, their waits adding up to nothing and never reaching the rate-limit timeout.
     */
    public static Optional<Duration> parse(String value, Instant now) {
        if (value == null || value.isBlank()) return Optional.empty();
        String v = value.trim();
        // Any number of digits is a delay (RFC 9110): one too long to parse is a very long wait, never "none named".
        // Beyond 15 digits (some 30 million years) it is held there, so that now + wait stays a valid instant.
        if (v.matches("\\d+")) return Optional.of(Duration.ofSeconds(v.length() > 15 ? LONGEST : Long.parseLong(v)));
        try {
            Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            Duration wait = Duration.between(now, at);
            return wait.isNegative() || wait.isZero() ? Optional.empty() : Optional.of(wait);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
