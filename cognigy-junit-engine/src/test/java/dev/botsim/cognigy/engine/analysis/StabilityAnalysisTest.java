package dev.botsim.cognigy.engine.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import dev.botsim.cognigy.spi.Expectation;
import dev.botsim.cognigy.spi.Outcome;
import dev.botsim.cognigy.spi.Repetitions;
import dev.botsim.cognigy.spi.SimulationRecord;
import dev.botsim.cognigy.spi.Stability;

/** {@link StabilityAnalysis}: the repeated tests by verdict, flaky first, and per expected intent how steadily it came. */
class StabilityAnalysisTest {

    private static SimulationRecord repeated(String testId, Outcome outcome, String expectedIntent, Repetitions repetitions) {
        return SimulationRecord.builder().uniqueId("[engine:cognigy]/[case:" + testId + "]").testId(testId).displayName(testId)
                .source("f.sim.yaml").line(1).utterance("hi").expected(Expectation.builder().intent(expectedIntent).build())
                .actual(List.of()).outcome(outcome).duration(Duration.ofMillis(5)).repetitions(repetitions).build();
    }

    private static Repetitions runs(int runs, int passed, Map<String, Integer> intents, int unanswered) {
        return new Repetitions(runs, passed, 1.0, intents, Map.of(), Map.of(), unanswered, 0);
    }

    @Test
    @DisplayName("tests are counted by verdict, every verdict present; listed flaky first by lowest share passed, then broken,"
            + " then stable by test id; a test that ran once or was skipped midway is left out")
    void verdictsAndOrder() {
        StabilityAnalysis analysis = StabilityAnalysis.of(List.of(
                repeated("test_steady_b", Outcome.PASSED, null, runs(5, 5, Map.of("greeting", 5), 0)),
                repeated("test_mostly", Outcome.FAILED, null, runs(10, 9, Map.of("greeting", 10), 0)),
                repeated("test_broken", Outcome.FAILED, null, runs(4, 0, Map.of("escalate", 4), 0)),
                repeated("test_steady_a", Outcome.PASSED, null, runs(5, 5, Map.of("greeting", 5), 0)),
                repeated("test_half", Outcome.FAILED, null, runs(4, 2, Map.of("greeting", 4), 0)),
                repeated("test_cancelled", Outcome.SKIPPED, null, runs(3, 1, Map.of("greeting", 3), 0)),
                repeated("test_once", Outcome.PASSED, null, null)));

        assertThat(analysis.counts()).containsExactly(Map.entry(Stability.STABLE, 2L), Map.entry(Stability.FLAKY, 2L),
                Map.entry(Stability.BROKEN, 1L));
        assertThat(analysis.tests()).extracting(StabilityAnalysis.RepeatedTest::testId)
                .containsExactly("test_half", "test_mostly", "test_broken", "test_steady_a", "test_steady_b");
        assertThat(analysis.any()).isTrue();
    }

    @Test
    @DisplayName("no repeated test: every verdict counted 0, nothing listed, and the section is left out")
    void noRepeatedTest() {
        StabilityAnalysis analysis = StabilityAnalysis.of(List.of(repeated("test_once", Outcome.PASSED, "greeting", null)));

        assertThat(analysis.counts()).containsOnly(Map.entry(Stability.STABLE, 0L), Map.entry(Stability.FLAKY, 0L),
                Map.entry(Stability.BROKEN, 0L));
        assertThat(analysis.tests()).isEmpty();
        assertThat(analysis.intents()).isEmpty();
        assertThat(analysis.any()).isFalse();
    }

    @Test
    @DisplayName("an intent's rate is over the runs that got an answer: unanswered and never-sent runs are counted apart,"
            + " summed over the tests expecting it")
    void intentRates() {
        StabilityAnalysis analysis = StabilityAnalysis.of(List.of(
                repeated("test_a", Outcome.FAILED, "check_order",
                        runs(10, 6, Map.of("check_order", 6, "escalate", 2, Repetitions.NONE, 2), 2)),
                repeated("test_b", Outcome.FAILED, "check_order",
                        runs(5, 3, Map.of("check_order", 3, Repetitions.NOT_SENT, 2), 0)),
                repeated("test_c", Outcome.FAILED, "refund", runs(2, 0, Map.of(Repetitions.NONE, 2), 2))));

        StabilityAnalysis.IntentStability checkOrder = analysis.intents().get("check_order");
        assertThat(checkOrder).isEqualTo(new StabilityAnalysis.IntentStability(2, 11, 9, 2));
        assertThat(checkOrder.rate()).isEqualTo(9.0 / 11);
        StabilityAnalysis.IntentStability refund = analysis.intents().get("refund");
        assertThat(refund).isEqualTo(new StabilityAnalysis.IntentStability(1, 0, 0, 2));
        assertThat(refund.rate()).as("no run got an answer: no rate, not 0").isNull();
        assertThat(analysis.intents()).containsOnlyKeys("check_order", "refund");
    }
}
