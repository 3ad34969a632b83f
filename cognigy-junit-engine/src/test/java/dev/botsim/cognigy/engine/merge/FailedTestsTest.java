package dev.botsim.cognigy.engine.merge;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import dev.botsim.cognigy.spi.Outcome;
import dev.botsim.cognigy.spi.SimulationRecord;

class FailedTestsTest {

    private static SimulationRecord record(String id, Outcome outcome) {
        return SimulationRecord.builder().uniqueId("u_" + id).testId(id).source("orders.sim.yaml").line(7).outcome(outcome).build();
    }

    @Test
    @DisplayName("strict governance: every result that neither passed nor was skipped failed its test; tolerant: a failed"
            + " answer was tolerated, a misconfiguration, timeout, error or invalid input was not")
    void whichResultsFailedTheirTest() {
        SimulationRecord invalid = SimulationRecord.builder().uniqueId("u_bad").testId("u_bad").outcome(Outcome.FAILED).invalidInput(true)
                .build();
        for (Outcome outcome : Outcome.values()) {
            boolean failing = outcome != Outcome.PASSED && outcome != Outcome.SKIPPED;
            assertThat(FailedTests.failsItsTest(record("t", outcome), false)).as("strict, " + outcome).isEqualTo(failing);
            assertThat(FailedTests.failsItsTest(record("t", outcome), true)).as("tolerant, " + outcome)
                    .isEqualTo(failing && outcome != Outcome.FAILED);
        }
        assertThat(FailedTests.failsItsTest(invalid, true)).as("invalid input is never tolerated").isTrue();
    }

    @Test
    @DisplayName("tolerant governance never tolerates a failed result whose answer was compared with nothing: no approved"
            + " answer for what it says (missing), an approval file that could not be read (unreadable); a wrong answer"
            + " compared with its approved one is tolerated")
    void anAnswerComparedWithNothingIsNeverTolerated() {
        for (SimulationRecord.Approval approval : SimulationRecord.Approval.values()) {
            SimulationRecord failed = record("t", Outcome.FAILED).toBuilder().approval(approval).build();
            boolean unjudged = approval == SimulationRecord.Approval.MISSING || approval == SimulationRecord.Approval.UNREADABLE;
            assertThat(FailedTests.failsItsTest(failed, true)).as("tolerant, " + approval).isEqualTo(unjudged);
            assertThat(FailedTests.failsItsTest(failed, false)).as("strict, " + approval).isTrue();
        }
        assertThat(FailedTests.of("run-42", List.of(record("test_ok", Outcome.PASSED),
                record("test_order", Outcome.FAILED).toBuilder().approval(SimulationRecord.Approval.UNREADABLE).build()), true)
                .reason()).isEqualTo("1 of 2 simulations of run run-42 did not pass (tolerant governance tolerates a failed"
                + " answer only: a misconfiguration, timeout, error, invalid input or an answer compared with nothing (no approved"
                + " answer, checks of a redacted replayed part) fails its test, as in one JVM running the suite): test_order"
                + " (failed, orders.sim.yaml:7)");
    }

    @Test
    @DisplayName("tolerant governance never tolerates a failed result whose checks could not be judged on its replayed"
            + " answer (a part its cassette holds redacted): the record says so, and the merge fails it as the engine did")
    void checksOfARedactedReplayedPartAreNeverTolerated() {
        SimulationRecord unjudged = record("test_order", Outcome.FAILED).toBuilder().replayed(true).unjudged(true).build();
        SimulationRecord wrong = record("test_hello", Outcome.FAILED).toBuilder().replayed(true).build();

        assertThat(FailedTests.failsItsTest(unjudged, true)).as("tolerant, unjudged").isTrue();
        assertThat(FailedTests.failsItsTest(unjudged, false)).as("strict, unjudged").isTrue();
        assertThat(FailedTests.failsItsTest(wrong, true)).as("tolerant, a replayed wrong answer").isFalse();
        FailedTests failed = FailedTests.of("run-42", List.of(record("test_ok", Outcome.PASSED), wrong, unjudged), true);
        assertThat(failed.any()).isTrue();
        assertThat(failed.reason()).startsWith("1 of 3 simulations of run run-42 did not pass (tolerant governance")
                .endsWith("): test_order (failed, orders.sim.yaml:7)");
    }

    @Test
    @DisplayName("the reason counts the failing results of those that ran (skipped ones left out) and names the first five")
    void reasonNamesTheFirstFive() {
        List<SimulationRecord> records = new ArrayList<>();
        records.add(record("test_ok", Outcome.PASSED));
        records.add(record("test_skipped", Outcome.SKIPPED));
        for (int i = 1; i <= 7; i++) records.add(record("test_" + i, i == 2 ? Outcome.TIMEOUT : Outcome.FAILED));

        FailedTests strict = FailedTests.of("run-42", records, false);
        assertThat(strict.any()).isTrue();
        assertThat(strict.reason()).isEqualTo("7 of 8 simulations of run run-42 did not pass (strict governance: each fails its"
                + " test, as in one JVM running the suite): test_1 (failed, orders.sim.yaml:7), test_2 (timeout, orders.sim.yaml:7),"
                + " test_3 (failed, orders.sim.yaml:7), test_4 (failed, orders.sim.yaml:7), test_5 (failed, orders.sim.yaml:7)"
                + " and 2 more");

        FailedTests tolerant = FailedTests.of("run-42", records, true);
        assertThat(tolerant.reason()).startsWith("1 of 8 simulations of run run-42 did not pass (tolerant governance tolerates a"
                + " failed answer only: ").endsWith("): test_2 (timeout, orders.sim.yaml:7)");
        assertThat(FailedTests.of("run-42", records.subList(0, 2), false).any()).isFalse();
    }
}
