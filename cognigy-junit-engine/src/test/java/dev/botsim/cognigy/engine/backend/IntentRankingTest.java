package dev.botsim.cognigy.engine.backend;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import dev.botsim.cognigy.annotations.BotTurn;
import dev.botsim.cognigy.engine.backend.IntentRanking.Score;
import dev.botsim.cognigy.spi.IntentMargin;

class IntentRankingTest {

    @Test
    @DisplayName("the margin is between the two best non-negated intents, whatever the threshold; one intent has none")
    void margin() {
        IntentRanking ranking = new IntentRanking(List.of(new Score("cancel_order", 0.9, true, null),
                new Score("order_pizza", 0.31, false, "f"), new Score("opening_hours", 0.25, false, "f"),
                new Score("greeting", 0.1, false, "f")), 0.4);

        assertThat(ranking.margin()).contains(new IntentMargin("order_pizza", 0.31, "opening_hours", 0.25));
        assertThat(new IntentRanking(List.of(new Score("order_pizza", 0.8, false, null), new Score("greeting", 0.7, true, null)), 0.4)
                .margin()).isEmpty();
    }

    @Test
    @DisplayName("a bot whose intents are named decomposed (NFD) is ranked by the composed names expectations hold: a"
            + " failed intent says where the expected one came, not that the flow has no intent of that name")
    void decomposedIntentNames() {
        // As the NLU's scores arrive in a turn's output data, from the backend or a cassette.
        Map<String, Object> output = Map.of(IntentRanking.KEY, List.of(Map.of("intent", "hallo", "score", 0.71),
                Map.of("intent", "bestellung_pru\u0308fen", "score", 0.63)), "threshold", 0.4);
        BotTurn turn = new BotTurn(0, null, "hallo", 0.71, Map.of(), null, null, null, null, List.of(), List.of(), List.of(output));
        IntentRanking ranking = IntentRanking.of(turn).orElseThrow();

        assertThat(ranking.explain("bestellung_prüfen"))
                .isEqualTo("expected bestellung_prüfen, got hallo (0.71); bestellung_prüfen was 2nd (0.63)");
        assertThat(ranking.margin()).contains(new IntentMargin("hallo", 0.71, "bestellung_prüfen", 0.63));
    }

    @Test
    @DisplayName("a score just below the threshold never reads as reaching it: 0.7499 is 0.749…, beside the threshold 0.75"
            + " as set, not \"best 0.75 is below the threshold 0.75\"")
    void scoreJustBelowTheThreshold() {
        IntentRanking ranking = new IntentRanking(List.of(new Score("order_pizza", 0.7499, false, "f"),
                new Score("opening_hours", 0.3333333, false, "f")), 0.75);

        assertThat(ranking.explain("opening_hours")).isEqualTo("expected opening_hours, got no intent (best order_pizza 0.749…"
                + " is below the threshold 0.75); opening_hours was 2nd (0.333…, below the threshold 0.75)");
    }

    @Test
    @DisplayName("a reject intent, a disabled one, a confirmation sentence and an attached flow's own thresholds travel in the"
            + " turn's output data and come back as they were, so a replayed answer is judged and explained the same way")
    void roundTrip() {
        IntentRanking ranking = new IntentRanking(List.of(
                new Score("Reject Intent", 0.9, false, "main", IntentRanking.Role.REJECT, null, null),
                new Score("old_promo", 0.8, false, "main", IntentRanking.Role.DISABLED, null, null),
                new Score("opening_hours", 0.55, false, "faq", IntentRanking.Role.INTENT, new IntentRanking.Thresholds(0.5, 0.7),
                        "Do you want our opening hours?")), 0.4, 0.5);
        BotTurn turn = new BotTurn(0, null, null, Double.NaN, Map.of(), null, null, null, null, List.of(), List.of(),
                List.of(ranking.toOutputData()));

        assertThat(IntentRanking.of(turn)).contains(ranking);
    }

    @Test
    @DisplayName("a ranking recorded before confidence thresholds and intent roles were kept (a cassette's) is judged by its one"
            + " threshold: taken from it up, as it was when recorded")
    void recordedWithOneThreshold() {
        Map<String, Object> output = Map.of(IntentRanking.KEY, List.of(Map.of("intent", "check_order", "score", 0.45,
                "negated", false)), "threshold", 0.4);
        BotTurn turn = new BotTurn(0, null, "check_order", 0.45, Map.of(), null, null, null, null, List.of(), List.of(), List.of(output));

        IntentRanking ranking = IntentRanking.of(turn).orElseThrow();
        assertThat(ranking.confidenceThreshold()).isEqualTo(0.4);
        assertThat(ranking.recognised()).map(Score::intent).contains("check_order");
    }

    @Test
    @DisplayName("an attached flow's intent is judged by its own flow's thresholds, not the scored flow's")
    void ownThresholds() {
        IntentRanking ranking = new IntentRanking(List.of(new Score("opening_hours", 0.45, false, "faq", IntentRanking.Role.INTENT,
                new IntentRanking.Thresholds(0.5, 0.7), null)), 0.2, 0.4);

        assertThat(ranking.outcome().verdict()).isEqualTo(IntentRanking.Verdict.BELOW_THRESHOLD);
        assertThat(ranking.explain("opening_hours")).isEqualTo("expected opening_hours, got no intent (best opening_hours 0.45 is"
                + " below the threshold 0.50); opening_hours was 1st (0.45, below the threshold 0.50)");
    }

    @Test
    @DisplayName("a score exactly at the reconfirmation threshold is recognised; exactly at the confidence threshold an intent"
            + " with a confirmation sentence is taken, just below it asked back")
    void thresholdsAreInclusive() {
        Score atThreshold = new Score("order_pizza", 0.4, false, "f");
        assertThat(new IntentRanking(List.of(atThreshold), 0.4).outcome())
                .isEqualTo(new IntentRanking.Outcome(IntentRanking.Verdict.RECOGNISED, atThreshold));

        Score atConfidence = new Score("order_pizza", 0.7, false, "f", IntentRanking.Role.INTENT, null, "Pizza?");
        assertThat(new IntentRanking(List.of(atConfidence), 0.4, 0.7).outcome().verdict()).isEqualTo(IntentRanking.Verdict.RECOGNISED);
        Score belowConfidence = new Score("order_pizza", 0.69, false, "f", IntentRanking.Role.INTENT, null, "Pizza?");
        assertThat(new IntentRanking(List.of(belowConfidence), 0.4, 0.7).outcome().verdict())
                .isEqualTo(IntentRanking.Verdict.RECONFIRMATION_ASKED);
        Score rejectAtThreshold = new Score("Reject Intent", 0.4, false, "f", IntentRanking.Role.REJECT, null, null);
        assertThat(new IntentRanking(List.of(rejectAtThreshold), 0.4).outcome().verdict()).isEqualTo(IntentRanking.Verdict.REJECTED);
        assertThat(new IntentRanking(List.of(new Score("order_pizza", 0.0, false, "f")), 0.0).outcome().verdict())
                .isEqualTo(IntentRanking.Verdict.BELOW_THRESHOLD);
    }

    @Test
    @DisplayName("the expected intent's rank reads as English ordinals: 1st, 2nd, 3rd, 4th, 11th, 12th, 13th, 21st, 22nd, 23rd, 111th")
    void ordinals() {
        java.util.List<Score> scores = new java.util.ArrayList<>();
        for (int i = 1; i <= 111; i++) scores.add(new Score("intent_" + i, 0.9 - i * 0.001, false, "f"));
        IntentRanking ranking = new IntentRanking(scores, 0.4);
        Map<Integer, String> expected = Map.of(1, "1st", 2, "2nd", 3, "3rd", 4, "4th", 11, "11th", 12, "12th", 13, "13th",
                21, "21st", 22, "22nd", 23, "23rd");
        expected.forEach((rank, ordinal) -> assertThat(ranking.explain("intent_" + rank)).contains("; intent_" + rank + " was " + ordinal + " ("));
        assertThat(ranking.explain("intent_111")).contains("; intent_111 was 111th (");
    }

    @Test
    @DisplayName("below the confidence threshold an intent without a confirmation sentence is taken, not asked back; a Score"
            + " without a role is an ordinary intent, and a blank confirmation sentence is none")
    void withoutConfirmationSentence() {
        Score plain = new Score("order_pizza", 0.5, false, "f", null, null, "  ");
        assertThat(plain.role()).isEqualTo(IntentRanking.Role.INTENT);
        assertThat(plain.confirmationSentence()).isNull();
        IntentRanking ranking = new IntentRanking(List.of(plain), 0.4, 0.7);
        assertThat(ranking.outcome().verdict()).isEqualTo(IntentRanking.Verdict.RECOGNISED);
        assertThat(ranking.recognised()).contains(plain);
    }

    @Test
    @DisplayName("an expected intent scored exactly at the threshold is not called below it; an intent asked back names its"
            + " thresholds and its confirmation sentence")
    void explainAtTheThresholds() {
        IntentRanking ranking = new IntentRanking(List.of(new Score("opening_hours", 0.6, false, "f"),
                new Score("order_pizza", 0.4, false, "f")), 0.4);
        assertThat(ranking.explain("order_pizza")).isEqualTo("expected order_pizza, got opening_hours (0.60); order_pizza was 2nd (0.40)");

        IntentRanking asked = new IntentRanking(List.of(new Score("order_pizza", 0.5, false, "f", IntentRanking.Role.INTENT, null,
                "Do you want a pizza?"), new Score("greeting", 0.45, false, "f")), 0.4, 0.7);
        assertThat(asked.explain("order_pizza")).isEqualTo("expected order_pizza, got no intent: 'order_pizza' scored 0.50, between"
                + " the reconfirmation threshold 0.40 and the confidence threshold 0.70, and has a confirmation sentence: the bot"
                + " asks \"Do you want a pizza?\" rather than taking it");
        assertThat(asked.explain("greeting")).endsWith("rather than taking it; greeting was 2nd (0.45)");
    }

    @Test
    @DisplayName("a sentence every intent scored 0 matched none, whatever the threshold; an expected intent the flow does not"
            + " have is said to be unscored; with every intent negated nothing is recognised")
    void explainNothingMatched() {
        IntentRanking zero = new IntentRanking(List.of(new Score("order_pizza", 0.0, false, "f"),
                new Score("greeting", 0.0, false, "f")), 0.4);
        assertThat(zero.explain("greeting")).isEqualTo("expected greeting, got no intent (every intent scored 0: the sentence"
                + " matched none); greeting was 2nd (0.00, below the threshold 0.40)");
        assertThat(zero.explain("cancel_order")).isEqualTo("expected cancel_order, got no intent (every intent scored 0: the"
                + " sentence matched none); cancel_order was not scored: the flow has no intent of that name");

        IntentRanking negated = new IntentRanking(List.of(new Score("order_pizza", 0.9, true, "f")), 0.4);
        assertThat(negated.outcome()).isEqualTo(new IntentRanking.Outcome(IntentRanking.Verdict.NONE, null));
        assertThat(negated.explain("order_pizza")).isEqualTo("expected order_pizza, got no intent; order_pizza was 1st (0.90, negated)");
    }
}
