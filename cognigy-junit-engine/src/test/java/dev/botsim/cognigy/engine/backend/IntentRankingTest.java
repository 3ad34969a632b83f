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
}
