package dev.botsim.cognigy.engine.stability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import dev.botsim.cognigy.annotations.BotTurn;
import dev.botsim.cognigy.spi.Repetitions;

/** {@link RunTally} and {@link RepeatPolicy}: what a repeated test's runs add up to, and how many runs it gets. */
class RunTallyTest {

    private static List<BotTurn> answer(String flow, String intent, String... texts) {
        List<BotTurn> turns = new java.util.ArrayList<>();
        for (int i = 0; i < texts.length; i++) {
            turns.add(new BotTurn(i, i == 0 ? flow : null, i == 0 ? intent : null, 0.9, Map.of(), texts[i], null, null,
                    null, List.of(), List.of(), List.of()));
        }
        return turns;
    }

    @Test
    @DisplayName("each run counts once, passed or not; an empty answer is unanswered; a skipped run is no run; the"
            + " intents, texts and flows are ranked most frequent first, ties in the order first seen")
    void tallyOfRuns() {
        RunTally tally = new RunTally();
        tally.add(answer("Orders", "check_order", "Your order ships today."), true);
        tally.add(answer("Fallback", "escalate", "Let me get an agent.", "One moment."), false);
        tally.add(answer("Orders", "check_order", "Your order ships today."), true);
        tally.add(List.of(), false);
        tally.addSkipped();

        Repetitions result = tally.result(0.75);

        assertThat(tally.runs()).isEqualTo(4);
        assertThat(tally.passed()).isEqualTo(2);
        assertThat(result.runs()).isEqualTo(4);
        assertThat(result.passed()).isEqualTo(2);
        assertThat(result.unanswered()).isEqualTo(1);
        assertThat(result.skipped()).isEqualTo(1);
        assertThat(result.requiredRatio()).isEqualTo(0.75);
        assertThat(result.intents()).containsExactly(Map.entry("check_order", 2), Map.entry("escalate", 1),
                Map.entry(Repetitions.NONE, 1));
        assertThat(result.texts()).containsExactly(Map.entry("Your order ships today.", 2),
                Map.entry("Let me get an agent.\nOne moment.", 1), Map.entry(Repetitions.NONE, 1));
        assertThat(result.flows()).containsExactly(Map.entry("Orders", 2), Map.entry("Fallback", 1), Map.entry(Repetitions.NONE, 1));
        assertThat(result.ratioMet()).as("2 of 4 against 0.75").isFalse();
    }

    @Test
    @DisplayName("a pass ratio exactly met holds: 7 of 10 runs against 0.7 passes, 6 of 10 fails")
    void ratioExactlyAtTheLimit() {
        RunTally seven = new RunTally();
        RunTally six = new RunTally();
        for (int i = 0; i < 10; i++) {
            seven.add(answer("Orders", "check_order", "Shipped."), i < 7);
            six.add(answer("Orders", "check_order", "Shipped."), i < 6);
        }

        assertThat(seven.result(0.7).ratioMet()).isTrue();
        assertThat(six.result(0.7).ratioMet()).isFalse();
    }

    @Test
    @DisplayName("a run whose message was never sent counts as a run under not sent, never as unanswered")
    void notSent() {
        RunTally tally = new RunTally();
        tally.add(answer("Orders", "check_order", "Shipped."), true);
        tally.addNotSent(false);
        tally.addNotSent(false);
        tally.addNotSent(true);

        Repetitions result = tally.result(1.0);

        assertThat(result.runs()).isEqualTo(4);
        assertThat(result.passed()).as("a not-sent run passes only when the test let its failure pass").isEqualTo(2);
        assertThat(result.unanswered()).isZero();
        assertThat(result.intents()).containsExactly(Map.entry(Repetitions.NOT_SENT, 3), Map.entry("check_order", 1));
        assertThat(result.texts()).containsExactly(Map.entry(Repetitions.NOT_SENT, 3), Map.entry("Shipped.", 1));
        assertThat(result.flows()).containsExactly(Map.entry(Repetitions.NOT_SENT, 3), Map.entry("Orders", 1));
    }

    @Test
    @DisplayName("an earlier attempt's runs are added as counted: runs, passes, unanswered, skipped and each distribution")
    void earlierAttemptAdded() {
        RunTally earlier = new RunTally();
        earlier.add(answer("Orders", "check_order", "Shipped."), true);
        earlier.add(List.of(), false);
        earlier.addSkipped();
        RunTally rerun = new RunTally();
        rerun.add(answer("Billing", "check_order", "Shipped."), true);

        rerun.addAll(earlier.result(0.5));
        Repetitions result = rerun.result(0.5);

        assertThat(result.runs()).isEqualTo(3);
        assertThat(result.passed()).isEqualTo(2);
        assertThat(result.unanswered()).isEqualTo(1);
        assertThat(result.skipped()).isEqualTo(1);
        assertThat(result.intents()).containsExactly(Map.entry("check_order", 2), Map.entry(Repetitions.NONE, 1));
        assertThat(result.texts()).containsExactly(Map.entry("Shipped.", 2), Map.entry(Repetitions.NONE, 1));
        assertThat(result.flows()).containsExactly(Map.entry("Billing", 1), Map.entry("Orders", 1), Map.entry(Repetitions.NONE, 1));
    }

    @Test
    @DisplayName("the flow is the last turn's that names one, the intent the first turn's that names one; blank texts are none")
    void whatAnAnswerIsCountedAs() {
        List<BotTurn> answer = List.of(
                new BotTurn(0, "Greeting", null, 0.0, Map.of(), " ", null, null, null, List.of(), List.of(), List.of()),
                new BotTurn(1, "Orders", "check_order", 0.9, Map.of(), null, null, null, null, List.of(), List.of(), List.of()),
                new BotTurn(2, null, "escalate", 0.9, Map.of(), "", null, null, null, List.of(), List.of(), List.of()));

        assertThat(RunTally.flowOf(answer)).isEqualTo("Orders");
        assertThat(RunTally.intentOf(answer)).isEqualTo("check_order");
        assertThat(RunTally.textOf(answer)).isEqualTo(Repetitions.NONE);
    }

    @Test
    @DisplayName("an answer whose turns name their flow only by its reference id (a REST report with intentFlow and no"
            + " flowName) is counted under that id, so runs ending in two flows are told apart")
    void flowNamedOnlyByReference() {
        RunTally tally = new RunTally();
        tally.add(List.of(new BotTurn(0, null, "check_order", 0.9, Map.of(), "Shipped.", null, null, "5f1c-orders",
                List.of(), List.of(), List.of())), true);
        tally.add(List.of(new BotTurn(0, null, "escalate", 0.9, Map.of(), "One moment.", null, null, "5f1c-handover",
                List.of(), List.of(), List.of())), false);
        tally.add(List.of(new BotTurn(0, "Orders", "check_order", 0.9, Map.of(), "Shipped.", null, null, "5f1c-orders",
                List.of(), List.of(), List.of())), true);

        assertThat(tally.result(1.0).flows())
                .containsExactly(Map.entry("5f1c-orders", 1), Map.entry("5f1c-handover", 1), Map.entry("Orders", 1));
    }

    @Test
    @DisplayName("a test's own repeat wins over the run's; 0 takes the run's; a policy of fewer than one run or a ratio"
            + " outside 0 to 1 is refused, both ends allowed")
    void repeatPolicy() {
        RepeatPolicy policy = new RepeatPolicy(5, 0.8);

        assertThat(policy.runsFor(3)).isEqualTo(3);
        assertThat(policy.runsFor(1)).isEqualTo(1);
        assertThat(policy.runsFor(0)).isEqualTo(5);
        assertThat(new RepeatPolicy(1, 0.0).passRatio()).isZero();
        assertThat(new RepeatPolicy(1, 1.0).passRatio()).isEqualTo(1.0);
        assertThatThrownBy(() -> new RepeatPolicy(0, 1.0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a test runs at least once, not 0 times");
        assertThatThrownBy(() -> new RepeatPolicy(1, 1.01)).isInstanceOf(IllegalArgumentException.class).hasMessage("pass ratio 1.01");
        assertThatThrownBy(() -> new RepeatPolicy(1, -0.01)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RepeatPolicy(1, Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    }
}
