package dev.botsim.cognigy.engine.backend.simulation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class CompletionEstimateTest {

    private final Random random = new Random(42);

    /** What a run of waves cost: status polls per simulation, and how late each completion was seen. */
    private record Outcome(double pollsPerSimulation, List<Duration> lateness) {

        Duration medianLateness() {
            List<Duration> sorted = new ArrayList<>(lateness);
            Collections.sort(sorted);
            return sorted.get(sorted.size() / 2);
        }
    }

    /**
     * Runs {@code waves} of {@code width} simulations in lockstep, as a run's simulations in flight
     * start together: every simulation of a wave reads the first poll before any of them reports,
     * then each is polled as the backend polls it (first poll, then growing steps) and reports.
     */
    private static Outcome waves(CompletionEstimate estimate, int waves, int width, Supplier<Duration> completion) {
        int polls = 0;
        List<Duration> lateness = new ArrayList<>();
        for (int w = 0; w < waves; w++) {
            Duration first = estimate.firstPoll();
            Duration firstStep = estimate.step();
            List<Duration[]> reports = new ArrayList<>();
            for (int i = 0; i < width; i++) {
                Duration actual = completion.get();
                Duration at = first;
                Duration step = firstStep;
                Duration lastPending = null;
                polls++;
                while (at.compareTo(actual) < 0) {
                    lastPending = at;
                    at = at.plus(step);
                    step = Duration.ofNanos((long) (step.toNanos() * 1.5));
                    polls++;
                }
                lateness.add(at.minus(actual));
                reports.add(new Duration[] {lastPending, at});
            }
            for (Duration[] report : reports) estimate.observe(report[0], report[1], width);
        }
        return new Outcome((double) polls / (waves * width), lateness);
    }

    /** A completion time of about 300 ms, as a steady bot and loopback jitter give it: 297 to 306 ms. */
    private Duration aboutThreeHundred() {
        return Duration.ofNanos(297_000_000L + random.nextInt(9_000_000));
    }

    @Test
    @DisplayName("from a short start the first poll learns the completion time from the first wave of simulations")
    void catchesUp() {
        CompletionEstimate estimate = new CompletionEstimate(Duration.ofMillis(100), Duration.ofMillis(1));
        waves(estimate, 1, 50, this::aboutThreeHundred);
        assertThat(estimate.firstPoll().toMillis()).isBetween(280L, 340L);
    }

    @Test
    @DisplayName("from a long start it comes down to the completion time within twenty waves")
    void comesDown() {
        CompletionEstimate estimate = new CompletionEstimate(Duration.ofMillis(2000), Duration.ofMillis(1));
        waves(estimate, 20, 50, this::aboutThreeHundred);
        assertThat(estimate.firstPoll().toMillis()).isBetween(280L, 340L);
    }

    @Test
    @DisplayName("S1's shape (20 waves of 50 at 300 ms, from the 100 ms default): at most 1.3 polls each, completion seen within 10 %")
    void throughputIssueTarget() {
        CompletionEstimate estimate = new CompletionEstimate(Duration.ofMillis(100), Duration.ofMillis(1));
        Outcome outcome = waves(estimate, 20, 50, this::aboutThreeHundred);
        assertThat(outcome.pollsPerSimulation()).isLessThanOrEqualTo(1.3);
        assertThat(outcome.medianLateness()).isLessThanOrEqualTo(Duration.ofMillis(30));
    }

    @Test
    @DisplayName("settled, about nine first polls in ten find the simulation done, and waves do not swing it")
    void settlesAtTheQuantile() {
        CompletionEstimate estimate = new CompletionEstimate(Duration.ofMillis(100), Duration.ofMillis(1));
        waves(estimate, 20, 50, this::aboutThreeHundred);
        Outcome settled = waves(estimate, 200, 50, this::aboutThreeHundred);
        assertThat(settled.pollsPerSimulation()).isBetween(1.02, 1.2);
        assertThat(settled.medianLateness()).isLessThan(Duration.ofMillis(20));
    }

    @Test
    @DisplayName("simulations that complete at once bring the first poll down to the floor within a few waves")
    void immediate() {
        CompletionEstimate estimate = new CompletionEstimate(Duration.ofMillis(100), Duration.ofMillis(1));
        waves(estimate, 15, 64, () -> Duration.ZERO);
        assertThat(estimate.firstPoll()).isEqualTo(Duration.ofMillis(1));
    }

    @Test
    @DisplayName("one simulation far slower than the rest moves the first poll by a bounded amount")
    void outlier() {
        CompletionEstimate estimate = new CompletionEstimate(Duration.ofMillis(100), Duration.ofMillis(1));
        waves(estimate, 20, 50, this::aboutThreeHundred);
        Duration before = estimate.firstPoll();
        estimate.observe(before, Duration.ofSeconds(30), 50);
        assertThat(estimate.firstPoll()).isLessThanOrEqualTo(before.multipliedBy(121).dividedBy(100));
    }
}
