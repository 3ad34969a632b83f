package dev.botsim.cognigy.engine.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import dev.botsim.cognigy.annotations.BotTurn;
import dev.botsim.cognigy.spi.Expectation;
import dev.botsim.cognigy.spi.Outcome;
import dev.botsim.cognigy.spi.Repetitions;
import dev.botsim.cognigy.spi.SimulationRecord;

/** {@link FlowCoverage}: which expected flows the run's turns reached, counted per turn, and which they never did. */
class FlowCoverageTest {

    private static BotTurn turn(String flow, String reference, String errorCode) {
        return new BotTurn(0, flow, "greeting", 0.9, Map.of(), "ok", errorCode, null, reference, List.of(), List.of(), List.of());
    }

    private static SimulationRecord record(String testId, BotTurn... turns) {
        return SimulationRecord.builder().uniqueId("[engine:cognigy]/[case:" + testId + "]").testId(testId).displayName(testId)
                .source("f.sim.yaml").line(1).utterance("hi").expected(Expectation.builder().build())
                .actual(List.of(turns)).outcome(Outcome.PASSED).duration(Duration.ofMillis(5)).build();
    }

    @Test
    @DisplayName("covered counts the expected flows reached, expected counts each expected flow once, the ratio is their"
            + " share; a turn reaches a flow expected by its reference id; an unexpected flow is listed apart")
    void coveredOfExpected() {
        FlowCoverage coverage = FlowCoverage.of(List.of("Orders", "5f1c-billing", "Refunds", "Orders"), List.of(
                record("test_a", turn("Orders", "5f1c-orders", null), turn("Orders", null, null)),
                record("test_b", turn("Billing", "5f1c-billing", null)),
                record("test_c", turn("Smalltalk", null, null))));

        assertThat(coverage.expected()).isEqualTo(3);
        assertThat(coverage.covered()).isEqualTo(2);
        assertThat(coverage.ratio()).isEqualTo(2.0 / 3);
        assertThat(coverage.hits()).containsExactly(Map.entry("Orders", 2L), Map.entry("5f1c-billing", 1L), Map.entry("Refunds", 0L));
        assertThat(coverage.missing()).containsExactly("Refunds");
        assertThat(coverage.unexpected()).containsExactly("Smalltalk");
    }

    @Test
    @DisplayName("a repeated test whose turns name their flow only by reference id: every run counts toward the flow"
            + " expected by that id, and a flow not expected is listed by its id, whether the shown run or another reached it")
    void repeatedTestNamingFlowsByReference() {
        SimulationRecord repeated = record("test_a", turn(null, "5f1c-orders", null)).toBuilder()
                .repetitions(new Repetitions(5, 4, 0.8, Map.of("check_order", 4, "escalate", 1), Map.of(),
                        Map.of("5f1c-orders", 4, "5f1c-handover", 1)))
                .build();

        FlowCoverage coverage = FlowCoverage.of(List.of("5f1c-orders"), List.of(repeated, record("test_b", turn(null, "5f1c-faq", null))));

        assertThat(coverage.hits()).containsExactly(Map.entry("5f1c-orders", 4L));
        assertThat(coverage.unexpected()).containsExactly("5f1c-faq", "5f1c-handover");
    }

    @Test
    @DisplayName("a repeated test whose turns name their flow by name and reference id, expected by the id: every run counts"
            + " toward it, as the shown run does, and its name is not listed as a flow reached but not expected")
    void repeatedTestNamingFlowsByNameAndReference() {
        SimulationRecord repeated = record("test_a", turn("Orders", "5f1c-orders", null)).toBuilder()
                .repetitions(new Repetitions(5, 5, 1.0, Map.of("check_order", 5), Map.of(), Map.of("Orders", 5)))
                .build();

        FlowCoverage coverage = FlowCoverage.of(List.of("5f1c-orders"), List.of(repeated));

        assertThat(coverage.hits()).containsExactly(Map.entry("5f1c-orders", 5L));
        assertThat(coverage.unexpected()).isEmpty();
    }

    @Test
    @DisplayName("a turn whose flow is not deployed reaches no flow: the flow stays never reached")
    void notDeployedReachesNothing() {
        FlowCoverage coverage = FlowCoverage.of(List.of("Orders"), List.of(record("test_a", turn("Orders", null, "FLOW_NOT_DEPLOYED"))));

        assertThat(coverage.covered()).isZero();
        assertThat(coverage.missing()).containsExactly("Orders");
        assertThat(coverage.missingText(Set.of("Orders", "Billing"))).isEqualTo("Orders");
    }

    @Test
    @DisplayName("a repeated test whose turn names its flow only by reference id and found it not deployed: its other runs,"
            + " ending there too, cover it no more than the shown run does")
    void notDeployedByReferenceCoversNothingInOtherRuns() {
        SimulationRecord repeated = record("test_a", turn(null, "5f1c-refund", "FLOW_NOT_DEPLOYED")).toBuilder()
                .repetitions(new Repetitions(5, 5, 1.0, Map.of("request_refund", 5), Map.of(), Map.of("5f1c-refund", 5)))
                .build();

        FlowCoverage coverage = FlowCoverage.of(List.of("5f1c-refund"), List.of(repeated));

        assertThat(coverage.hits()).containsExactly(Map.entry("5f1c-refund", 0L));
        assertThat(coverage.missing()).containsExactly("5f1c-refund");
    }

    @Test
    @DisplayName("no flow expected: 0 of 0, a ratio of 0, nothing missing")
    void nothingExpected() {
        FlowCoverage coverage = FlowCoverage.of(List.of(), List.of(record("test_a", turn("Orders", null, null))));

        assertThat(coverage.expected()).isZero();
        assertThat(coverage.covered()).isZero();
        assertThat(coverage.ratio()).isZero();
        assertThat(coverage.missing()).isEmpty();
        assertThat(coverage.unexpected()).containsExactly("Orders");
    }
}
