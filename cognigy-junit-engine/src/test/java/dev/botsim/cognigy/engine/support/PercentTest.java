package dev.botsim.cognigy.engine.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class PercentTest {

    @Test
    @DisplayName("a share is rounded down, never up: just below a limit never reads as it, and only nothing missing reads 100")
    void roundedDown() {
        assertThat(Percent.of(1899, 2000, 1, new BigDecimal("0.95"))).isEqualTo("94.9");
        assertThat(Percent.of(19, 20, 1, new BigDecimal("0.95"))).isEqualTo("95.0");
        assertThat(Percent.of(1999, 2000, 1)).isEqualTo("99.9");
        assertThat(Percent.of(2000, 2000, 1)).isEqualTo("100.0");
        assertThat(Percent.of(2, 3, 0)).isEqualTo("66");
    }

    @Test
    @DisplayName("as finely as the limit is given, so a share at or above it never reads as below it either")
    void asFineAsTheLimit() {
        BigDecimal limit = new BigDecimal("0.9555");
        assertThat(Percent.of(9556, 10000, 1, limit)).isEqualTo("95.56");
        assertThat(Percent.of(9554, 10000, 1, limit)).isEqualTo("95.54");
        assertThat(Percent.of(2, 3, 0, BigDecimal.valueOf(0.667))).isEqualTo("66.6");
    }

    @Test
    @DisplayName("limits print as set, whatever their scale: 0, 1, 0.95, 0.9555; nothing of nothing is 0")
    void limitsAndEmptyShares() {
        assertThat(Percent.limit(0.0)).isEqualTo("0");
        assertThat(Percent.limit(1.0)).isEqualTo("100");
        assertThat(Percent.limit(BigDecimal.ONE)).isEqualTo("100");
        assertThat(Percent.limit(0.95)).isEqualTo("95");
        assertThat(Percent.limit(0.9555)).isEqualTo("95.55");
        assertThat(Percent.limit(0.667)).isEqualTo("66.7");
        assertThat(Percent.of(0, 0, 1, BigDecimal.valueOf(1.0))).isEqualTo("0.0");
        assertThat(Percent.of(0, 0, 0)).isEqualTo("0");
    }
}
