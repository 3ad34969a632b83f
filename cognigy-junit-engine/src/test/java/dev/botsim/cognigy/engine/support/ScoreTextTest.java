package dev.botsim.cognigy.engine.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ScoreTextTest {

    @Test
    @DisplayName("a score is shown as reported up to three decimals, with at least two")
    void asReported() {
        assertThat(ScoreText.of(0.9)).isEqualTo("0.90");
        assertThat(ScoreText.of(0.925)).isEqualTo("0.925");
        assertThat(ScoreText.of(1.0)).isEqualTo("1.00");
        assertThat(ScoreText.of(0.0)).isEqualTo("0.00");
        assertThat(ScoreText.of(0.995)).as("not 1.00: no intent scored 1").isEqualTo("0.995");
        assertThat(ScoreText.of(Double.NaN)).isEqualTo("NaN");
    }

    @Test
    @DisplayName("a longer score is cut after the third decimal and marked, never rounded up to a threshold it missed")
    void longerScoresCutDown() {
        assertThat(ScoreText.of(0.7499)).isEqualTo("0.749…");
        assertThat(ScoreText.of(1.0 / 3)).isEqualTo("0.333…");
        assertThat(ScoreText.of(0.99999)).isEqualTo("0.999…");
        for (double score = 0; score <= 1; score += 0.00037) {
            String shown = ScoreText.of(score);
            BigDecimal read = new BigDecimal(shown.replace("…", ""));
            assertThat(read).as("%s shown as %s", score, shown).isLessThanOrEqualTo(BigDecimal.valueOf(score));
        }
    }

    @Test
    @DisplayName("a threshold or margin is shown exactly as set, with at least two decimals")
    void limitsExact() {
        assertThat(ScoreText.limit(0.4)).isEqualTo("0.40");
        assertThat(ScoreText.limit(0.7495)).isEqualTo("0.7495");
        assertThat(ScoreText.limit(0.1)).isEqualTo("0.10");
    }
}
