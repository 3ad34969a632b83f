package dev.botsim.cognigy.engine.backend.simulation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Random;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class CompletionEstimateTest {

    private final Random random = new Random(42);

    /**
     * Polls a simulation that completes after {@code actual} the way the backend does: the first
     * poll, then growing steps. Returns the polls it took.
     */
    private static int simulate(CompletionEstimate estimate, Duration actual) {
        Duration at = estimate.firstPoll();
        Duration step = estimate.step();
        Duration lastPending = null;
        int polls = 1;
        while (at.compareTo(actual) < 0) {
            lastPending = at;
            at = at.plus(step);
            step = Duration.ofNanos((long) (step.toNanos() * 1.5));
            polls++;
        }
        estimate.observe(lastPending, at);
        return polls;
    }

    /** A completion time of about 300 ms, as a steady bot and loopback jitter give it: 297 to 306 ms. */
    private Duration aboutThreeHundred() {
        return Duration.ofNanos(297_000_000L + random.nextInt(9_000_000));
    }

    @Test
    @DisplayName("from a short start the first poll catches up with the completion time within a wave of simulations")
    void catchesUp() {
        CompletionEstimate estimate = new CompletionEstimate(Duration.ofMillis(100), Duration.ofMillis(1));
        for (int i = 0; i < 50; i++) simulate(estimate, aboutThreeHundred());
        assertThat(estimate.firstPoll().toMillis()).isBetween(285L, 330L);
    }

    @Test
    @DisplayName("from a long start it comes down to the completion time within a few hundred simulations")
    void comesDown() {
        CompletionEstimate estimate = new CompletionEstimate(Duration.ofMillis(2000), Duration.ofMillis(1));
        for (int i = 0; i < 400; i++) simulate(estimate, aboutThreeHundred());
        assertThat(estimate.firstPoll().toMillis()).isBetween(285L, 330L);
    }

    @Test
    @DisplayName("settled, nine first polls in ten find the simulation done: about 1.1 polls each, completion seen within a few ms")
    void settlesAtTheQuantile() {
        CompletionEstimate estimate = new CompletionEstimate(Duration.ofMillis(100), Duration.ofMillis(1));
        for (int i = 0; i < 500; i++) simulate(estimate, aboutThreeHundred());
        int simulations = 5000;
        int polls = 0;
        int doneAtFirst = 0;
        long lateNanos = 0;
        for (int i = 0; i < simulations; i++) {
            Duration actual = aboutThreeHundred();
            Duration first = estimate.firstPoll();
            int taken = simulate(estimate, actual);
            polls += taken;
            if (taken == 1) {
                doneAtFirst++;
                lateNanos += first.minus(actual).toNanos();
            }
        }
        assertThat((double) doneAtFirst / simulations).isBetween(0.85, 0.95);
        assertThat((double) polls / simulations).isLessThanOrEqualTo(1.2);
        assertThat(Duration.ofNanos(lateNanos / doneAtFirst)).isLessThan(Duration.ofMillis(15));
    }

    @Test
    @DisplayName("simulations that complete at once bring the first poll down to the floor")
    void immediate() {
        CompletionEstimate estimate = new CompletionEstimate(Duration.ofMillis(100), Duration.ofMillis(1));
        for (int i = 0; i < 1000; i++) simulate(estimate, Duration.ZERO);
        assertThat(estimate.firstPoll()).isEqualTo(Duration.ofMillis(1));
    }
}
