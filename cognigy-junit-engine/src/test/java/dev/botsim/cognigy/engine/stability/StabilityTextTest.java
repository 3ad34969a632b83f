package dev.botsim.cognigy.engine.stability;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import dev.botsim.cognigy.spi.Repetitions;

class StabilityTextTest {

    @Test
    @DisplayName("a distribution keeps each answer on its line: line breaks read ' / ', and a bidirectional override or ESC"
            + " in an answer is written visibly, so it cannot put the counts of one answer beside another")
    void answersCannotRewriteTheirLine() {
        Map<String, Integer> texts = new LinkedHashMap<>();
        texts.put("Your order\nships today", 3);
        texts.put("evil\u202e2× \u001b[2J", 1);
        Repetitions repetitions = new Repetitions(4, 3, 1.0, Map.of("check_order", 4), texts, Map.of("flow_order", 4));

        assertThat(StabilityText.distribution(repetitions.texts()))
                .isEqualTo("\"Your order / ships today\" ×3, \"evil\\u202e2× \\u001b[2J\" ×1")
                .doesNotContain("\u202e", "\u001b");
        assertThat(StabilityText.distribution(repetitions.intents())).isEqualTo("check_order ×4");
    }
}
