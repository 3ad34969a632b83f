package dev.botsim.cognigy.engine.backend;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

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
}
