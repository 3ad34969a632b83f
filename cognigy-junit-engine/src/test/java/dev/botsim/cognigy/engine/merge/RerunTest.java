package dev.botsim.cognigy.engine.merge;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import dev.botsim.cognigy.annotations.BotTurn;
import dev.botsim.cognigy.spi.Outcome;
import dev.botsim.cognigy.spi.Repetitions;
import dev.botsim.cognigy.spi.SimulationRecord;
import dev.botsim.cognigy.spi.Stability;

/** How a rerun's result takes the place of a test's earlier one in a merged run. */
class RerunTest {

    private static SimulationRecord attempt(Outcome outcome, String intent) {
        BotTurn answer = new BotTurn(0, "flow_x", intent, 0.9, null, "text of " + intent, null, null, null, null, null, null);
        return SimulationRecord.builder().uniqueId("[engine:cognigy]/[case:test_a]").testId("test_a").outcome(outcome)
                .actual(List.of(answer)).build();
    }

    @Test
    @DisplayName("item 5: failed, then passed on rerun: the rerun's outcome, marked, FLAKY over both attempts")
    void passedOnRerun() {
        SimulationRecord merged = Rerun.replacing(attempt(Outcome.FAILED, "greeting"), attempt(Outcome.PASSED, "check_order"), 1.0);

        assertThat(merged.rerun()).isTrue();
        assertThat(merged.outcome()).isEqualTo(Outcome.PASSED);
        assertThat(merged.repetitions().stability()).isEqualTo(Stability.FLAKY);
        assertThat(merged.repetitions().intents()).containsExactly(Map.entry("greeting", 1), Map.entry("check_order", 1));
        assertThat(merged.actual().get(0).intent()).as("the rerun's answer").isEqualTo("check_order");
    }

    @Test
    @DisplayName("item 5: failed twice is BROKEN; a second rerun adds to the attempts counted so far; a repeated test's runs"
            + " count as they were, with its ratio")
    void attemptsAddUp() {
        SimulationRecord twice = Rerun.replacing(attempt(Outcome.FAILED, "greeting"), attempt(Outcome.TIMEOUT, "greeting"), 1.0);
        assertThat(twice.repetitions().stability()).isEqualTo(Stability.BROKEN);
        assertThat(twice.outcome()).isEqualTo(Outcome.TIMEOUT);

        SimulationRecord third = Rerun.replacing(twice, attempt(Outcome.PASSED, "check_order"), 1.0);
        assertThat(third.repetitions().runs()).isEqualTo(3);
        assertThat(third.repetitions().passed()).isEqualTo(1);

        Repetitions twenty = new Repetitions(20, 14, 0.7, Map.of("check_order", 14, "escalate", 6), Map.of(), Map.of());
        SimulationRecord repeated = attempt(Outcome.PASSED, "check_order").toBuilder().repetitions(twenty).build();
        SimulationRecord after = Rerun.replacing(repeated, attempt(Outcome.FAILED, "escalate"), 1.0);
        assertThat(after.repetitions().runs()).isEqualTo(21);
        assertThat(after.repetitions().passed()).isEqualTo(14);
        assertThat(after.repetitions().requiredRatio()).isEqualTo(0.7);
        assertThat(after.repetitions().intents()).containsEntry("escalate", 7);
    }

    @Test
    @DisplayName("an attempt that got no answer (a timeout) counts as unanswered in the rerun's repetitions: the intent"
            + " figures count the attempt that was answered, not the timeout as an intent recognised as none")
    void unansweredAttemptIsNoObservationOfTheNlu() {
        dev.botsim.cognigy.spi.Expectation checkOrder = dev.botsim.cognigy.spi.Expectation.builder().intent("check_order").build();
        SimulationRecord timedOut = attempt(Outcome.TIMEOUT, "greeting").toBuilder().actual(List.of()).expected(checkOrder).build();
        SimulationRecord merged = Rerun.replacing(timedOut, attempt(Outcome.PASSED, "check_order").toBuilder().expected(checkOrder)
                .build(), 1.0);
        assertThat(merged.repetitions().unanswered()).isEqualTo(1);
        assertThat(merged.repetitions().intents()).containsEntry(Repetitions.NONE, 1);

        dev.botsim.cognigy.spi.RunInfo run = dev.botsim.cognigy.spi.RunInfo.builder().batchId("batch_r")
                .started(java.time.Instant.EPOCH).backend("sandbox").plannedTests(1).build();
        assertThat(dev.botsim.cognigy.engine.analysis.RunAnalysis.of(run, List.of(merged), java.math.BigDecimal.ONE).confusion())
                .isEqualTo(Map.of("check_order", Map.of("check_order", 1L)));
    }

    @Test
    @DisplayName("item 5: a skipped earlier result was no attempt, and a rerun of a test no shard ran has nothing to add:"
            + " both are only marked")
    void onlyMarked() {
        SimulationRecord afterSkip = Rerun.replacing(attempt(Outcome.SKIPPED, "greeting"), attempt(Outcome.PASSED, "check_order"), 1.0);
        assertThat(afterSkip.rerun()).isTrue();
        assertThat(afterSkip.repetitions()).isNull();

        SimulationRecord alone = Rerun.replacing(null, attempt(Outcome.FAILED, "greeting"), 1.0);
        assertThat(alone.rerun()).isTrue();
        assertThat(alone.repetitions()).isNull();
    }

    @Test
    @DisplayName("a rerun that skipped the test (its conversation's earlier turn failed in the rerun's setup, or the rerun"
            + " was cancelled) leaves the earlier failure standing, unmarked: not running a test again does not undo it")
    void skippedRerunKeepsTheFailure() {
        SimulationRecord failed = attempt(Outcome.FAILED, "greeting");
        SimulationRecord merged = Rerun.replacing(failed, attempt(Outcome.SKIPPED, "greeting"), 1.0);

        assertThat(merged.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(merged.rerun()).isFalse();
        assertThat(merged).isEqualTo(failed);
    }
}
