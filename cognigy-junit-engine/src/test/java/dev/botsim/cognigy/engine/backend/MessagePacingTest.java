package dev.botsim.cognigy.engine.backend;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.OptionalInt;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import dev.botsim.cognigy.engine.MutableClock;
import dev.botsim.cognigy.engine.RecordingSleeper;

class MessagePacingTest {

    private final MutableClock clock = new MutableClock();
    private final RecordingSleeper sleeper = new RecordingSleeper(clock);

    @Test
    @DisplayName("item 10: by default the 601st message in test mode within an hour waits; other messages are not paced")
    void testModeQuota() throws InterruptedException {
        MessagePacing pacing = MessagePacing.of(OptionalInt.empty(), "the REST Endpoint's", clock, sleeper);
        for (int i = 0; i < 700; i++) pacing.acquire(false);
        assertThat(sleeper.waits()).isEmpty();
        for (int i = 0; i < 600; i++) pacing.acquire(true);
        clock.advance(Duration.ofMinutes(10));
        assertThat(sleeper.waits()).isEmpty();
        pacing.acquire(true);
        assertThat(sleeper.waits()).containsExactly(Duration.ofMinutes(50));
    }

    @Test
    @DisplayName("item 10: 0 turns pacing off, also in test mode")
    void off() throws InterruptedException {
        MessagePacing pacing = MessagePacing.of(OptionalInt.of(0), "the REST Endpoint's", clock, sleeper);
        for (int i = 0; i < 601; i++) pacing.acquire(true);
        assertThat(sleeper.waits()).isEmpty();
    }

    @Test
    @DisplayName("a configured limit paces every message, in test mode or not, and the progress line names it")
    void configuredLimit() throws InterruptedException {
        MessagePacing pacing = MessagePacing.of(OptionalInt.of(2), "the Socket Endpoint's", clock, sleeper);
        pacing.acquire(false);
        pacing.acquire(true);
        pacing.acquire(false);
        assertThat(sleeper.waits()).containsExactly(Duration.ofHours(1));
        assertThat(pacing.expectation(5, false)).hasValueSatisfying(line -> assertThat(line)
                .contains("5 messages at most 2 per hour (cognigy.endpoint.max-messages-per-hour)"));
    }

    @Test
    @DisplayName("item 10: the first progress line warns only when test-mode messages exceed the 600 an hour: 600 fit, 601 take"
            + " at least an hour, 1201 two; messages not in test mode are not paced by default and get no warning")
    void testModeExpectation() {
        MessagePacing pacing = MessagePacing.of(OptionalInt.empty(), "the REST Endpoint's", clock, sleeper);
        assertThat(pacing.expectation(600, true)).isEmpty();
        assertThat(pacing.expectation(601, true)).contains("601 messages at most 600 per hour (the test-mode quota;"
                + " cognigy.endpoint.max-messages-per-hour changes it): expect at least 1 h");
        assertThat(pacing.expectation(1201, true)).hasValueSatisfying(line -> assertThat(line).endsWith("expect at least 2 h"));
        assertThat(pacing.expectation(5000, false)).isEmpty();
        assertThat(MessagePacing.of(OptionalInt.of(0), "the REST Endpoint's", clock, sleeper).expectation(5000, true)).isEmpty();
    }
}
