package dev.botsim.cognigy.engine.transport;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.format.SignStyle;
import java.time.temporal.ChronoField;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** RFC 9110 {@code Retry-After}: delay seconds or an HTTP date, the latter read against the client's clock. */
public final class RetryAfter {

    /** The longest delay read: fifteen nines, in seconds. */
    private static final long LONGEST = 999_999_999_999_999L;

    private static final Map<Long, String> MONTHS = Map.ofEntries(Map.entry(1L, "Jan"), Map.entry(2L, "Feb"),
            Map.entry(3L, "Mar"), Map.entry(4L, "Apr"), Map.entry(5L, "May"), Map.entry(6L, "Jun"), Map.entry(7L, "Jul"),
            Map.entry(8L, "Aug"), Map.entry(9L, "Sep"), Map.entry(10L, "Oct"), Map.entry(11L, "Nov"), Map.entry(12L, "Dec"));
    private static final Map<Long, String> DAYS = Map.of(1L, "Mon", 2L, "Tue", 3L, "Wed", 4L, "Thu", 5L, "Fri", 6L, "Sat",
            7L, "Sun");
    private static final Map<Long, String> WEEKDAYS = Map.of(1L, "Monday", 2L, "Tuesday", 3L, "Wednesday", 4L, "Thursday",
            5L, "Friday", 6L, "Saturday", 7L, "Sunday");

    /** RFC 9110's obsolete asctime form, {@code Sun Nov  6 08:49:37 1994}, its spaces read as one: always GMT. */
    private static final DateTimeFormatter ASCTIME = new DateTimeFormatterBuilder().parseCaseInsensitive()
            .appendText(ChronoField.DAY_OF_WEEK, DAYS).appendLiteral(' ').appendText(ChronoField.MONTH_OF_YEAR, MONTHS)
            .appendLiteral(' ').appendValue(ChronoField.DAY_OF_MONTH, 1, 2, SignStyle.NOT_NEGATIVE).appendLiteral(' ')
            .appendPattern("HH:mm:ss").appendLiteral(' ').appendValue(ChronoField.YEAR, 4).toFormatter(java.util.Locale.ROOT)
            .withZone(ZoneOffset.UTC);

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
        return date(v, now).map(at -> Duration.between(now, at)).filter(wait -> !wait.isNegative() && !wait.isZero());
    }

    /**
     * {@code retryAfter} as the server meant it, when it names an HTTP date and the answer's {@code Date} header says when
     * the server made that answer: the seconds from then to the date, rounded up — a wait, measured here, that no
     * difference between this machine's clock and the server's changes. Read against this machine's clock, a server's
     * clock ten minutes ahead of it turns "in 30 s" into ten and a half minutes, beyond the longest wait: the request given
     * up and every later one held. A date not after the answer's own (a wait under a second, its date rounded down) names
     * no wait still to come, as a date already past does: {@code null}, so the client's backoff applies whatever this
     * machine's clock says — read here, it would be a wait as long as the server's clock is ahead. Either value missing or
     * unreadable leaves {@code retryAfter} as it is.
     */
    public static String onServersClock(String retryAfter, String date) {
        if (retryAfter == null || date == null || isDelay(retryAfter)) return retryAfter;
        Optional<Instant> made = httpDate(date);
        if (made.isEmpty()) return retryAfter;
        Optional<Instant> at = date(retryAfter.trim(), made.get());
        if (at.isEmpty()) return retryAfter;
        if (!at.get().isAfter(made.get())) return null;
        Duration wait = Duration.between(made.get(), at.get());
        return String.valueOf(wait.toSeconds() + (wait.getNano() > 0 ? 1 : 0));
    }

    /** The moment the HTTP date {@code value} names (a {@code Date} header's), in any of RFC 9110's three forms. */
    public static Optional<Instant> httpDate(String value) {
        // The current year only places an RFC 850 date's two-digit year.
        return value == null || value.isBlank() ? Optional.empty() : date(value.trim(), Instant.now());
    }

    /**
     * The moment an HTTP date names, in any of the three forms RFC 9110 has a recipient accept: IMF-fixdate
     * ({@code Sun, 06 Nov 1994 08:49:37 GMT}), and the obsolete RFC 850 ({@code Sunday, 06-Nov-94 08:49:37 GMT}) and
     * asctime ({@code Sun Nov  6 08:49:37 1994}) forms, which older servers and proxies may send.
     */
    private static Optional<Instant> date(String v, Instant now) {
        for (DateTimeFormatter form : List.of(DateTimeFormatter.RFC_1123_DATE_TIME, rfc850(now), ASCTIME)) {
            try {
                return Optional.of(ZonedDateTime.parse(form == ASCTIME ? v.replaceAll("\\s+", " ") : v, form).toInstant());
            } catch (DateTimeParseException e) {
                // the next form
            }
        }
        return Optional.empty();
    }

    /**
     * RFC 850's form, whose two-digit year is, as RFC 9110 has it read, the latest year ending so that is not more than 50
     * years after {@code now}.
     */
    private static DateTimeFormatter rfc850(Instant now) {
        int year = now.atOffset(ZoneOffset.UTC).getYear();
        return new DateTimeFormatterBuilder().parseCaseInsensitive().appendText(ChronoField.DAY_OF_WEEK, WEEKDAYS)
                .appendLiteral(", ").appendValue(ChronoField.DAY_OF_MONTH, 2).appendLiteral('-')
                .appendText(ChronoField.MONTH_OF_YEAR, MONTHS).appendLiteral('-')
                .appendValueReduced(ChronoField.YEAR, 2, 2, year - 49).appendLiteral(' ').appendPattern("HH:mm:ss")
                .appendLiteral(" GMT").toFormatter(java.util.Locale.ROOT).withZone(ZoneOffset.UTC);
    }
}
