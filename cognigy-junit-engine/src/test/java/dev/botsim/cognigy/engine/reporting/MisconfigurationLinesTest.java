package dev.botsim.cognigy.engine.reporting;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import dev.botsim.cognigy.annotations.BotTurn;
import dev.botsim.cognigy.engine.TestTurns;
import dev.botsim.cognigy.engine.analysis.RunAnalysis;
import dev.botsim.cognigy.spi.Expectation;
import dev.botsim.cognigy.spi.Outcome;
import dev.botsim.cognigy.spi.RunInfo;
import dev.botsim.cognigy.spi.SimulationRecord;

/** The console's misconfiguration lines: each code's count, and how many of them the tests asked for. */
class MisconfigurationLinesTest {

    private static final RunInfo RUN = RunInfo.builder().batchId("batch_mis").started(Instant.EPOCH).backend("sandbox")
            .botName("bot").plannedTests(3).build();

    @Test
    @DisplayName("a misconfiguration every test expected says so on its console line, one some expected says how many,"
            + " one none expected is as it was")
    void expectedOnesSaidSo() {
        List<SimulationRecord> records = List.of(
                notDeployed("test_refund_a", "flow_refund", "FLOW_NOT_DEPLOYED"),
                notDeployed("test_refund_b", "flow_refund", "FLOW_NOT_DEPLOYED"),
                notDeployed("test_billing_a", "flow_billing", "FLOW_NOT_DEPLOYED"),
                notDeployed("test_billing_b", "flow_billing", null),
                notDeployed("test_order", "flow_order", null));

        List<String> lines = ConsoleSummary.misconfigurations(RunAnalysis.of(RUN, records, new BigDecimal("0.95")));

        assertThat(lines).containsExactly(
                "[cognigy] misconfiguration in flow_billing: FLOW_NOT_DEPLOYED ×2 (1 of them as their tests expected)",
                "[cognigy] misconfiguration in flow_order: FLOW_NOT_DEPLOYED ×1",
                "[cognigy] misconfiguration in flow_refund: FLOW_NOT_DEPLOYED ×2 (as their tests expected)");
        assertThat(ConsoleSummary.misconfigurations(RunAnalysis.of(RUN, records.subList(0, 1), new BigDecimal("0.95"))))
                .containsExactly("[cognigy] misconfiguration in flow_refund: FLOW_NOT_DEPLOYED ×1 (as its test expected)");
    }

    /** A test whose bot answered from {@code flow} with FLOW_NOT_DEPLOYED, expecting {@code errorCode} (or nothing). */
    private static SimulationRecord notDeployed(String testId, String flow, String errorCode) {
        return SimulationRecord.builder().uniqueId("[engine:cognigy]/[case:" + testId + "]").testId(testId).displayName(testId)
                .utterance("hello").expected(Expectation.builder().errorCode(errorCode).build())
                .actual(List.of(TestTurns.turn(0, flow, null, 0.0, Map.of(), "", "FLOW_NOT_DEPLOYED", "flow is not deployed")))
                .outcome(errorCode == null ? Outcome.MISCONFIGURATION : Outcome.PASSED).build();
    }
}
