package dev.botsim.cognigy.engine.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** {@link CalendarDay}: a DATE slot expected as a day holds for any time on that day, in the answer's own offset. */
class CalendarDayTest {

    @Test
    @DisplayName("a day holds for an ISODate on that day in its own offset, not for one on another day or no day at all")
    void holds() {
        assertThat(CalendarDay.holds("2026-12-25", "2026-12-25T12:00:00.000Z")).isTrue();
        assertThat(CalendarDay.holds(" 2026-12-25 ", "2026-12-25T00:00:00+01:00")).isTrue();
        assertThat(CalendarDay.holds("2026-12-25", "2026-12-24T23:00:00.000Z")).isFalse();
        assertThat(CalendarDay.holds("2026-02-30", "2026-03-02T12:00:00Z")).isFalse();
        assertThat(CalendarDay.holds("tomorrow", "2026-12-25T12:00:00Z")).isFalse();
        assertThat(CalendarDay.holds("2026-12-25", "not a date")).isFalse();
        assertThat(CalendarDay.holds("2026-12-25", null)).isFalse();
    }

    @Test
    @DisplayName("written as a day: four digits, two, two, a real day or not; the DATE slot named in any case")
    void writtenAndSlot() {
        assertThat(CalendarDay.written("2026-02-30")).isTrue();
        assertThat(CalendarDay.written("2026-2-3")).isFalse();
        assertThat(CalendarDay.written(null)).isFalse();
        assertThat(CalendarDay.expected("2026-02-28")).hasValue(LocalDate.of(2026, 2, 28));
        assertThat(CalendarDay.expected("2026-02-30")).isEmpty();
        assertThat(CalendarDay.of("2026-12-25T00:00:00.000")).hasValue(LocalDate.of(2026, 12, 25));
        assertThat(CalendarDay.isDateSlot(" date ")).isTrue();
        assertThat(CalendarDay.isDateSlot("DATE_TIME")).isFalse();
        assertThat(CalendarDay.isDateSlot(null)).isFalse();
    }
}
