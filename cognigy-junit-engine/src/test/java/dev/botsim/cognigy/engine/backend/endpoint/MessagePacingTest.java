package dev.botsim.cognigy.engine.backend.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.OptionalInt;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import dev.botsim.cognigy.engine.MutableClock;
import dev.botsim.cognigy.engine.RecordingSleeper;
import dev.botsim.cognigy.engine.support.Secret;

class MessagePacingTest {

    private final MutableClock clock = new MutableClock();
    private final RecordingSleeper sleeper = new RecordingSleeper(clock);

    private static EndpointUrl url(String url) {
        return EndpointUrl.parse(Secret.of(url)).orElseThrow();
    }

    @Test
    @DisplayName("item 10: by default the 601st message to a test-mode URL within an hour waits; other URLs are not paced")
    void testModeQuota() throws InterruptedException {
        MessagePacing pacing = MessagePacing.of(OptionalInt.empty(), clock, sleeper);
        EndpointUrl live = url("https://endpoint-trial.cognigy.ai/abc123token");
        EndpointUrl test = url("https://endpoint-trial.cognigy.ai/test/abc123token");
        for (int i = 0; i < 700; i++) pacing.acquire(live);
        assertThat(sleeper.waits()).isEmpty();
        for (int i = 0; i < 600; i++) pacing.acquire(test);
        clock.advance(Duration.ofMinutes(10));
        assertThat(sleeper.waits()).isEmpty();
        pacing.acquire(test);
        assertThat(sleeper.waits()).containsExactly(Duration.ofMinutes(50));
    }

    @Test
    @DisplayName("item 10: 0 turns pacing off, also in test mode")
    void off() throws InterruptedException {
        MessagePacing pacing = MessagePacing.of(OptionalInt.of(0), clock, sleeper);
        for (int i = 0; i < 601; i++) pacing.acquire(url("https://endpoint-trial.cognigy.ai/test/abc123token"));
        assertThat(sleeper.waits()).isEmpty();
    }
}
