package dev.botsim.cognigy.engine.support;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.ResolverStyle;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A DATE expected as a calendar day only ({@code 2026-12-25}), and the day a DATE's {@code start.ISODate} falls on.
 *
 * <p>The time of day a tenant gives a day-only phrase ("tomorrow", "on the 25th of December") is not fixed: Cognigy's own
 * example for "tomorrow" is noon, the sandbox gives midnight, and the offset is the project's time zone. An expectation
 * written as the day alone therefore holds for any ISODate on that day, read in the ISODate's own offset as written
 * ({@code 2026-12-25T00:00:00+01:00} is the 25th, though it is the 24th in UTC): the day the bot understood.
 */
public final class CalendarDay {

    /** The name of Cognigy's DATE system slot; entity names are matched ignoring case. */
    public static final String DATE_SLOT = "DATE";

    /** Written as a calendar day: four digits, two, two, as an ISODate starts. */
    private static final Pattern WRITTEN = Pattern.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}");

    /** Strict, so February 30th is no day rather than March 2nd. */
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("uuuu-MM-dd", Locale.ROOT)
            .withResolverStyle(ResolverStyle.STRICT);

    private CalendarDay() {
    }

    /** Whether {@code name} is the DATE slot, whose values a calendar day may be expected of. */
    public static boolean isDateSlot(String name) {
        return name != null && name.strip().equalsIgnoreCase(DATE_SLOT);
    }

    /** Whether {@code expected} is written as a calendar day ({@code YYYY-MM-DD}), a real one or not. */
    public static boolean written(String expected) {
        return expected != null && WRITTEN.matcher(expected.strip()).matches();
    }

    /** The calendar day {@code expected} writes; empty when it is written otherwise or is no real day (2026-02-30). */
    public static Optional<LocalDate> expected(String expected) {
        if (!written(expected)) return Optional.empty();
        try {
            return Optional.of(LocalDate.parse(expected.strip(), DAY));
        } catch (DateTimeException notADay) {
            return Optional.empty();
        }
    }

    /**
     * The calendar day an ISODate falls on in its own offset, as written ({@code 2026-12-25T12:00:00.000Z},
     * {@code 2026-12-25T00:00:00+01:00}, {@code 2026-12-25T00:00:00.000} without one); empty when {@code isoDate} is no
     * ISO date-time.
     */
    public static Optional<LocalDate> of(String isoDate) {
        if (isoDate == null) return Optional.empty();
        try {
            return Optional.of(LocalDate.from(DateTimeFormatter.ISO_DATE_TIME.parse(isoDate.strip())));
        } catch (DateTimeException notADateTime) {
            return Optional.empty();
        }
    }

    /** Whether the answer's {@code isoDate} falls on the day {@code expected} writes as a calendar day only. */
    public static boolean holds(String expected, String isoDate) {
        Optional<LocalDate> day = expected(expected);
        return day.isPresent() && day.equals(of(isoDate));
    }
}
