package dev.botsim.cognigy.engine.stability;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import dev.botsim.cognigy.spi.Repetitions;

class StabilityTextTest {

    @Test
    @DisplayName("the runs that did not pass, by kind, in the order the outcomes are declared: wrong answers first")
    void missesByKind() {
        Map<dev.botsim.cognigy.spi.Outcome, Integer> misses = new java.util.EnumMap<>(dev.botsim.cognigy.spi.Outcome.class);
        misses.put(dev.botsim.cognigy.spi.Outcome.ERROR, 1);
        misses.put(dev.botsim.cognigy.spi.Outcome.TIMEOUT, 2);
        misses.put(dev.botsim.cognigy.spi.Outcome.FAILED, 3);

        assertThat(StabilityText.misses(misses)).isEqualTo("3 failed, 2 timeouts, 1 error");
        assertThat(StabilityText.misses(Map.of(dev.botsim.cognigy.spi.Outcome.MISCONFIGURATION, 1)))
                .isEqualTo("1 misconfiguration");
    }

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

    @Test
    @DisplayName("a repeated test just below its pass ratio (949 of 999 runs, 94.99 %, at 95 %) does not read '95.0%, 95%"
            + " required'; whole shares stay whole, and a ratio finer than the share's tenth shows the share as finely")
    void headlineNeverReadsAsMeetingARatioItMissed() {
        Repetitions below = new Repetitions(999, 949, 0.95, Map.of(), Map.of(), Map.of());
        assertThat(below.ratioMet()).isFalse();
        assertThat(StabilityText.headline(below)).endsWith(": 949 of 999 runs passed (94.9%), 95% required");

        assertThat(StabilityText.headline(new Repetitions(20, 14, 1.0, Map.of(), Map.of(), Map.of())))
                .endsWith(": 14 of 20 runs passed (70%), 100% required");
        assertThat(StabilityText.headline(new Repetitions(3, 2, 0.6667, Map.of(), Map.of(), Map.of())))
                .endsWith(": 2 of 3 runs passed (66.66%), 66.67% required");
    }
}
