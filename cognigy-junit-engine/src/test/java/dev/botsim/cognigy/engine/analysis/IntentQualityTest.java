package dev.botsim.cognigy.engine.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.within;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.assertj.core.data.Offset;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import dev.botsim.cognigy.annotations.BotTurn;
import dev.botsim.cognigy.engine.TestTurns;
import dev.botsim.cognigy.engine.analysis.IntentQuality.ConfusedPair;
import dev.botsim.cognigy.engine.analysis.IntentQuality.IntentFigures;
import dev.botsim.cognigy.spi.Expectation;
import dev.botsim.cognigy.spi.IntentMargin;
import dev.botsim.cognigy.spi.Outcome;
import dev.botsim.cognigy.spi.RunInfo;
import dev.botsim.cognigy.spi.SimulationRecord;

class IntentQualityTest {

    private static final Offset<Double> EXACT = within(1e-12);
    private static final RunInfo RUN = RunInfo.builder().batchId("batch_q").started(Instant.EPOCH).backend("nlu").build();

    private static final String PIZZA = "order_pizza";
    private static final String HOURS = "opening_hours";
    private static final String CANCEL = "cancel_order";
    private static final String GREETING = "greeting";

    private final List<SimulationRecord> records = new ArrayList<>();

    /** A single-utterance test expecting {@code expected} whose bot recognised {@code got} ({@code null}: none). */
    private SimulationRecord test(int n, String expected, String got, IntentMargin margin) {
        SimulationRecord record = SimulationRecord.builder().uniqueId("[engine:cognigy]/[case:t" + n + "]").testId("t" + n)
                .source("q.sim.yaml").line(n).utterance("utterance " + n).expected(Expectation.builder().intent(expected).build())
                .actual(List.of(TestTurns.turn(0, "Main", got, 0.9, Map.of(), null, null, null)))
                .outcome(got != null && got.equals(expected) ? Outcome.PASSED : Outcome.FAILED).intentMargin(margin).build();
        records.add(record);
        return record;
    }

    /** A single-utterance test expecting no intent ({@code no_intent: true}) whose bot recognised {@code got} ({@code null}: none). */
    private void outOfScope(int n, String got) {
        records.add(SimulationRecord.builder().uniqueId("[engine:cognigy]/[case:t" + n + "]").testId("t" + n)
                .source("q.sim.yaml").line(n).utterance("utterance " + n).expected(Expectation.builder().noIntent(true).build())
                .actual(List.of(TestTurns.turn(0, "Main", got, got == null ? Double.NaN : 0.9, Map.of(), null, null, null)))
                .outcome(got == null ? Outcome.PASSED : Outcome.FAILED).build());
    }

    @Test
    @DisplayName("a test expecting no intent is an observation of the class (none): an intent recognised for it is a false"
            + " positive of that intent, none recognised counts in no intent's figures, and macro F1 stays over the bot's intents")
    void noIntentExpected() {
        // expected -> recognised:
        //   order_pizza:   t1 pizza, t2 pizza
        //   opening_hours: t6 (none), t7 hours
        //   (none):        t3 pizza, t4 (none), t5 (none)
        test(1, PIZZA, PIZZA, null);
        test(2, PIZZA, PIZZA, null);
        outOfScope(3, PIZZA);
        outOfScope(4, null);
        outOfScope(5, null);
        test(6, HOURS, null, null);
        test(7, HOURS, HOURS, null);
        RunInfo run = RunInfo.builder().batchId("batch_q").started(Instant.EPOCH).backend("nlu")
                .bot(RunInfo.BotFacts.builder().intents(java.util.Set.of(PIZZA, HOURS)).build()).build();

        RunAnalysis analysis = RunAnalysis.of(run, records, new BigDecimal("0.95"));
        IntentQuality quality = analysis.intentQuality();

        assertThat(analysis.confusion()).containsEntry(IntentQuality.NO_INTENT, Map.of(PIZZA, 1L, IntentQuality.NO_INTENT, 2L));
        assertThat(quality.perIntent()).containsOnlyKeys(PIZZA, HOURS);
        // order_pizza: TP 2 (t1, t2); FP 1 (t3, which expected no intent); FN 0. P = 2/3, R = 1, F1 = 4/(4+1) = 4/5.
        assertThat(quality.perIntent().get(PIZZA)).isEqualTo(new IntentFigures(2, 1, 0));
        assertThat(quality.perIntent().get(PIZZA).precision()).isCloseTo(2.0 / 3, EXACT);
        assertThat(quality.perIntent().get(PIZZA).f1()).isCloseTo(0.8, EXACT);
        // opening_hours: TP 1 (t7); FP 0; FN 1 (t6). P = 1, R = 1/2, F1 = 2/(2+1) = 2/3. t4 and t5 count for neither.
        assertThat(quality.perIntent().get(HOURS)).isEqualTo(new IntentFigures(1, 0, 1));
        // macro F1 = (4/5 + 2/3) / 2 = 11/15, over the two intents: (none) is no class of its own.
        assertThat(quality.macroF1().orElseThrow()).isCloseTo(11.0 / 15, EXACT);
        assertThat(quality.confusedPairs()).containsExactly(new ConfusedPair(IntentQuality.NO_INTENT, PIZZA, 1),
                new ConfusedPair(HOURS, IntentQuality.NO_INTENT, 1));
        // (none) is not an intent a test misspelt.
        assertThat(quality.notBotIntents()).isEmpty();
    }

    @Test
    @DisplayName("per-intent precision, recall and F1 as computed by hand, the confused pairs most frequent first")
    void figuresByHand() {
        // expected -> recognised, 13 intent-checked tests:
        //   order_pizza:   t1 pizza, t2 pizza, t3 hours, t4 (none), t5 hours
        //   opening_hours: t6 hours, t7 hours, t8 pizza
        //   cancel_order:  t9 cancel, t10 cancel, t11 hours, t12 greeting
        //   plus t13 expecting no intent (a not_intent test) and t14 expecting pizza with no answer (skipped): not counted
        test(1, PIZZA, PIZZA, null);
        test(2, PIZZA, PIZZA, null);
        test(3, PIZZA, HOURS, null);
        test(4, PIZZA, null, null);
        test(5, PIZZA, HOURS, null);
        test(6, HOURS, HOURS, null);
        test(7, HOURS, HOURS, null);
        test(8, HOURS, PIZZA, null);
        test(9, CANCEL, CANCEL, null);
        test(10, CANCEL, CANCEL, null);
        test(11, CANCEL, HOURS, null);
        test(12, CANCEL, GREETING, null);
        records.add(SimulationRecord.builder().uniqueId("u13").testId("t13").expected(Expectation.builder().notIntent(PIZZA).build())
                .actual(List.of(TestTurns.turn(0, "Main", CANCEL, 0.9, Map.of(), null, null, null))).outcome(Outcome.PASSED).build());
        records.add(SimulationRecord.builder().uniqueId("u14").testId("t14").expected(Expectation.builder().intent(PIZZA).build())
                .outcome(Outcome.SKIPPED).build());

        IntentQuality quality = RunAnalysis.of(RUN, records, new BigDecimal("0.95")).intentQuality();

        assertThat(quality.perIntent()).containsOnlyKeys(PIZZA, HOURS, CANCEL, GREETING);
        // order_pizza: TP 2 (t1, t2); FP 1 (t8 expected hours); FN 3 (t3, t4, t5).
        //   P = 2/(2+1) = 2/3; R = 2/(2+3) = 2/5; F1 = 2·(2/3)(2/5) / (2/3 + 2/5) = (8/15) / (16/15) = 1/2
        IntentFigures pizza = quality.perIntent().get(PIZZA);
        assertThat(pizza).isEqualTo(new IntentFigures(2, 1, 3));
        assertThat(pizza.precision()).isCloseTo(2.0 / 3, EXACT);
        assertThat(pizza.recall()).isCloseTo(2.0 / 5, EXACT);
        assertThat(pizza.f1()).isCloseTo(1.0 / 2, EXACT);
        assertThat(pizza.expected()).isEqualTo(5);
        // opening_hours: TP 2 (t6, t7); FP 3 (t3, t5, t11); FN 1 (t8).
        //   P = 2/5; R = 2/3; F1 = 2·(2/5)(2/3) / (2/5 + 2/3) = 1/2
        IntentFigures hours = quality.perIntent().get(HOURS);
        assertThat(hours).isEqualTo(new IntentFigures(2, 3, 1));
        assertThat(hours.precision()).isCloseTo(2.0 / 5, EXACT);
        assertThat(hours.recall()).isCloseTo(2.0 / 3, EXACT);
        assertThat(hours.f1()).isCloseTo(1.0 / 2, EXACT);
        // cancel_order: TP 2 (t9, t10); FP 0; FN 2 (t11, t12).
        //   P = 2/2 = 1; R = 2/4 = 1/2; F1 = 2·1·(1/2) / (1 + 1/2) = 2/3
        IntentFigures cancel = quality.perIntent().get(CANCEL);
        assertThat(cancel).isEqualTo(new IntentFigures(2, 0, 2));
        assertThat(cancel.precision()).isEqualTo(1.0);
        assertThat(cancel.recall()).isCloseTo(1.0 / 2, EXACT);
        assertThat(cancel.f1()).isCloseTo(2.0 / 3, EXACT);
        // greeting: recognised once (t12) but never expected: P = 0/1 = 0; R = 0/0 undefined; F1 = 2·0 / (0 + 1 + 0) = 0.
        IntentFigures greeting = quality.perIntent().get(GREETING);
        assertThat(greeting).isEqualTo(new IntentFigures(0, 1, 0));
        assertThat(greeting.precision()).isZero();
        assertThat(greeting.recall()).isNaN();
        assertThat(greeting.f1()).isZero();
        // Macro F1 over the four intents: (1/2 + 1/2 + 2/3 + 0) / 4 = 5/12.
        assertThat(quality.macroF1().getAsDouble()).isCloseTo(5.0 / 12, EXACT);
        // pizza -> hours twice; then the single confusions by expected, then recognised name ("(none)" sorts first).
        assertThat(quality.confusedPairs()).containsExactly(
                new ConfusedPair(PIZZA, HOURS, 2),
                new ConfusedPair(CANCEL, GREETING, 1),
                new ConfusedPair(CANCEL, HOURS, 1),
                new ConfusedPair(HOURS, PIZZA, 1),
                new ConfusedPair(PIZZA, "(none)", 1));
        assertThat(quality.marginsKnown()).isZero();
        assertThat(quality.fragile()).isEmpty();
    }

    @Test
    @DisplayName("an utterance leading by less than the margin is fragile whether it passed or failed; a lead of exactly"
            + " the margin is not; without a ranking no margin is claimed")
    void fragileUtterances() {
        test(1, PIZZA, PIZZA, new IntentMargin(PIZZA, 0.55, HOURS, 0.50));
        test(2, PIZZA, HOURS, new IntentMargin(HOURS, 0.62, PIZZA, 0.60));
        test(3, HOURS, HOURS, new IntentMargin(HOURS, 0.90, PIZZA, 0.30));
        // 0.7 - 0.6 is 0.09999999999999998 in binary; the margin is taken in decimal: exactly 0.1, not under it.
        test(4, HOURS, HOURS, new IntentMargin(HOURS, 0.7, PIZZA, 0.6));
        test(5, CANCEL, CANCEL, null);

        IntentQuality quality = RunAnalysis.of(RUN, records, new BigDecimal("0.95"), 0.1).intentQuality();

        assertThat(quality.fragileMargin()).isEqualTo(0.1);
        assertThat(quality.marginsKnown()).isEqualTo(4);
        assertThat(quality.fragile()).extracting(IntentQuality.FragileUtterance::testId).containsExactly("t2", "t1");
        IntentQuality.FragileUtterance narrowest = quality.fragile().get(0);
        assertThat(narrowest.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(narrowest.expectedIntent()).isEqualTo(PIZZA);
        assertThat(narrowest.utterance()).isEqualTo("utterance 2");
        assertThat(narrowest.margin().margin()).isEqualTo(0.02);
        assertThat(quality.fragile().get(1).outcome()).isEqualTo(Outcome.PASSED);

        assertThat(RunAnalysis.of(RUN, records, new BigDecimal("0.95"), 0.5).intentQuality().fragile())
                .extracting(IntentQuality.FragileUtterance::testId).containsExactly("t2", "t1", "t4");
    }

    @Test
    @DisplayName("a fragile utterance of a test expecting no intent says it expected (none), as the confusion matrix's row"
            + " does, not nothing: a blank there reads as a test that expected no intent in particular")
    void fragileOutOfScopeUtterance() {
        records.add(SimulationRecord.builder().uniqueId("[engine:cognigy]/[case:t1]").testId("t1").source("q.sim.yaml").line(1)
                .utterance("what's the weather").expected(Expectation.builder().noIntent(true).build())
                .actual(List.of(TestTurns.turn(0, "Main", PIZZA, 0.55, Map.of(), null, null, null)))
                .outcome(Outcome.FAILED).intentMargin(new IntentMargin(PIZZA, 0.55, HOURS, 0.50)).build());
        test(2, PIZZA, PIZZA, new IntentMargin(PIZZA, 0.55, HOURS, 0.51));
        records.add(records.remove(1).toBuilder().expected(Expectation.builder().responseContains("pizza").build()).build());

        IntentQuality quality = RunAnalysis.of(RUN, records, new BigDecimal("0.95"), 0.1).intentQuality();

        assertThat(quality.fragile()).extracting(IntentQuality.FragileUtterance::testId, IntentQuality.FragileUtterance::expectedIntent)
                .containsExactly(tuple("t2", null), tuple("t1", IntentQuality.NO_INTENT));
    }

    @Test
    @DisplayName("a skipped test's margin is no observation either, as it is none of the confusion matrix: not fragile, and"
            + " not among the margins known")
    void skippedTestIsNoFragileUtterance() {
        test(1, PIZZA, PIZZA, new IntentMargin(PIZZA, 0.55, HOURS, 0.50));
        SimulationRecord assumed = test(2, HOURS, HOURS, new IntentMargin(HOURS, 0.62, PIZZA, 0.60));
        records.set(records.indexOf(assumed), assumed.toBuilder().outcome(Outcome.SKIPPED).build());

        IntentQuality quality = RunAnalysis.of(RUN, records, new BigDecimal("0.95"), 0.1).intentQuality();

        assertThat(quality.fragile()).extracting(IntentQuality.FragileUtterance::testId).containsExactly("t1");
        assertThat(quality.marginsKnown()).isEqualTo(1);
    }

    @Test
    @DisplayName("an utterance the NLU recognised no intent for is not fragile, however close its scores: every intent at"
            + " 0, or the best below the threshold")
    void unrecognisedIsNotFragile() {
        test(1, GREETING, null, new IntentMargin(GREETING, 0.0, "check_order", 0.0));
        test(2, PIZZA, null, new IntentMargin(PIZZA, 0.35, HOURS, 0.34));
        test(3, PIZZA, PIZZA, new IntentMargin(PIZZA, 0.55, HOURS, 0.50));

        IntentQuality quality = RunAnalysis.of(RUN, records, new BigDecimal("0.95"), 0.1).intentQuality();

        assertThat(quality.marginsKnown()).isEqualTo(3);
        assertThat(quality.fragile()).extracting(IntentQuality.FragileUtterance::testId).containsExactly("t3");
    }
}
