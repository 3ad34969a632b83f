package dev.botsim.cognigy.engine.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

import dev.botsim.cognigy.annotations.BotTurn;
import dev.botsim.cognigy.annotations.SimulationResult;
import dev.botsim.cognigy.spi.Expectation;

/**
 * {@link ExpectationVerifier} on a DATE expected as a calendar day only ({@code DATE: 2026-12-25}): it holds for the answer's
 * {@code start.ISODate} on that day in the ISODate's own offset, whatever the time of day a tenant gives a day-only phrase.
 */
class CalendarDayVerifierTest {

    private static SimulationResult answer(String name, Object value) {
        return new SimulationResult("test_delivery", "deliver on the 25th of December", "sim_1",
                List.of(new BotTurn(0, "Delivery", "delivery", 0.9, Map.of(name, value), "Noted.", null, null, null, null, null, null)));
    }

    private static Expectation expecting(String name, String value) {
        return Expectation.builder().entities(Map.of(name, value)).build();
    }

    private static AssertionError failure(Expectation expected, SimulationResult answer) {
        AssertionError e = catchThrowableOfType(AssertionError.class, () -> ExpectationVerifier.verify(expected, answer));
        assertThat(e).as("the check fails").isNotNull();
        return e;
    }

    @Test
    @DisplayName("DATE: 2026-12-25 holds for an ISODate on the 25th at any time of day: Cognigy's noon, the sandbox's midnight,"
            + " with milliseconds, an offset or none, under the slot's name in any case")
    void dayAloneHoldsAtAnyTimeOfDay() {
        for (String isoDate : List.of("2026-12-25T12:00:00Z", "2026-12-25T12:00:00.000Z", "2026-12-25T00:00:00Z",
                "2026-12-25T00:00:00+01:00", "2026-12-25T23:59:59-08:00", "2026-12-25T00:00:00.000")) {
            assertThatCode(() -> ExpectationVerifier.verify(expecting("DATE", "2026-12-25"), answer("DATE", isoDate)))
                    .as(isoDate).doesNotThrowAnyException();
        }
        assertThatCode(() -> ExpectationVerifier.verify(expecting("date", "2026-12-25"), answer("DATE", "2026-12-25T12:00:00Z")))
                .doesNotThrowAnyException();
    }

    @Test
    @DisplayName("the day is the ISODate's as written, in its own offset, not converted to UTC: midnight in Berlin on the 25th"
            + " is the 25th (the 24th in UTC), and the evening of the 24th in New York is the 24th (the 25th in UTC)")
    void dayInTheIsoDatesOwnOffset() {
        assertThatCode(() -> ExpectationVerifier.verify(expecting("DATE", "2026-12-25"), answer("DATE", "2026-12-25T00:00:00+01:00")))
                .doesNotThrowAnyException();
        failure(expecting("DATE", "2026-12-25"), answer("DATE", "2026-12-24T20:00:00-05:00"));
        failure(expecting("DATE", "2026-12-24"), answer("DATE", "2026-12-25T00:00:00+01:00"));
    }

    @Test
    @DisplayName("among several DATE matches the day alone holds when any of them falls on it")
    void anyOfSeveralMatches() {
        assertThatCode(() -> ExpectationVerifier.verify(expecting("DATE", "2026-12-25"),
                answer("DATE", List.of("2026-12-24T12:00:00Z", "2026-12-25T12:00:00Z")))).doesNotThrowAnyException();
        AssertionError e = failure(expecting("DATE", "2026-12-26"), answer("DATE", List.of("2026-12-24T12:00:00Z", "2026-12-25T12:00:00Z")));
        assertThat(e.getMessage()).contains("[entity DATE (any of its values)] expected the calendar day \"2026-12-26\"",
                "the ISODates were \"2026-12-24T12:00:00Z\" (the day 2026-12-24), \"2026-12-25T12:00:00Z\" (the day 2026-12-25)");
    }

    @Test
    @DisplayName("another day fails saying the calendar day was compared and showing the answer's ISODate and its day; the"
            + " expected/actual diff shows the ISODate as it came")
    void anotherDayFailsSayingSo() {
        AssertionError e = failure(expecting("DATE", "2026-12-25"), answer("DATE", "2026-12-26T12:00:00.000Z"));
        assertThat(e.getMessage()).contains("[entity DATE] expected the calendar day \"2026-12-25\" (a day alone is compared with"
                + " the day of the answer's start.ISODate, in the ISODate's own offset) but the ISODate was"
                + " \"2026-12-26T12:00:00.000Z\" (the day 2026-12-26)");
        assertThat(((AssertionFailedError) e).getActual().getStringRepresentation()).isEqualTo("entities.DATE: 2026-12-26T12:00:00.000Z");
        assertThat(failure(expecting("DATE", "2026-12-25"), answer("NUMBER", 3)).getMessage())
                .contains("expected the calendar day \"2026-12-25\"", "but the answer has none");
        assertThat(failure(expecting("DATE", "2026-12-25"), answer("DATE", "next week")).getMessage())
                .contains("but the ISODate was \"next week\" (no ISO date-time)");
    }

    @Test
    @DisplayName("a full ISODate is still compared exactly, the day alone of another entity as text, and a day that does not"
            + " exist (2026-02-30) as written")
    void everythingElseUnchanged() {
        assertThatCode(() -> ExpectationVerifier.verify(expecting("DATE", "2026-12-25T12:00:00Z"), answer("DATE", "2026-12-25T12:00:00Z")))
                .doesNotThrowAnyException();
        assertThat(failure(expecting("DATE", "2026-12-25T00:00:00Z"), answer("DATE", "2026-12-25T12:00:00Z")).getMessage())
                .contains("entity DATE", "2026-12-25T00:00:00Z", "2026-12-25T12:00:00Z").doesNotContain("calendar day");
        failure(expecting("delivery_day", "2026-12-25"), answer("delivery_day", "2026-12-25T12:00:00Z"));
        failure(expecting("DATE", "2026-02-30"), answer("DATE", "2026-03-02T12:00:00Z"));
        assertThatCode(() -> ExpectationVerifier.verify(expecting("DATE", "2026-12-25"), answer("DATE", "2026-12-25")))
                .as("the day alone, as a bot's own slot may give it").doesNotThrowAnyException();
    }
}
