package dev.botsim.cognigy.engine.backend.simulation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class CompletionEstimateTest {

    /** Simulates polling a simulation that completes after {@code actual}: the first poll, then growing steps. */
    private static void simulate(CompletionEstimate estimate, Duration actual) {
        Duration at = estimate.firstPoll();
        Duration step = estimate.step();
        Duration lastPending = null;
        while (at.compareTo(actual) < 0) {
            lastPending = at;
            at = at.plus(step);
            step = Duration.ofNanos((long) (step.toNanos() * 1.5));
        }
        estimate.observe(lastPending, at);
    }

    @Test
    @DisplayName("the first poll moves to the simulations' completion time: up from a short start, down from a long one")
    void converges() {
        CompletionEstimate fromShort = new CompletionEstimate(Duration.ofMillis(100), Duration.ofMillis(1));
        CompletionEstimate fromLong = new CompletionEstimate(Duration.ofMillis(2000), Duration.ofMillis(1));
        for (int i = 0; i < 200; i++) {
            simulate(fromShort, Duration.ofMillis(300));
            simulate(fromLong, Duration.ofMillis(300));
        }
        assertThat(fromShort.firstPoll().toMillis()).isBetween(250L, 330L);
        assertThat(fromLong.firstPoll().toMillis()).isBetween(250L, 330L);
    }

    @Test
    @DisplayName("simulations that complete at once bring the first poll down to the floor")
    void immediate() {
        CompletionEstimate estimate = new CompletionEstimate(Duration.ofMillis(100), Duration.ofMillis(1));
        for (int i = 0; i < 200; i++) simulate(estimate, Duration.ZERO);
        assertThat(estimate.firstPoll()).isEqualTo(Duration.ofMillis(1));
    }
}
