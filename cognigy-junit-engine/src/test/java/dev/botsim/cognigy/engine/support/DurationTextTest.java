package dev.botsim.cognigy.engine.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** {@link DurationText}: a run's progress line says how long is left as precisely as a reader needs. */
class DurationTextTest {

    @Test
    @DisplayName("precise: seconds under a minute, minutes and seconds under an hour, hours and minutes beyond, each to the"
            + " nearest second; never below nothing")
    void precise() {
        assertThat(DurationText.precise(Duration.ofMillis(59_499))).isEqualTo("59 s");
        assertThat(DurationText.precise(Duration.ofMillis(59_500))).isEqualTo("1 min");
        assertThat(DurationText.precise(Duration.ofSeconds(287))).isEqualTo("4 min 47 s");
        assertThat(DurationText.precise(Duration.ofSeconds(3_599))).isEqualTo("59 min 59 s");
        assertThat(DurationText.precise(Duration.ofSeconds(3_600))).isEqualTo("1 h");
        assertThat(DurationText.precise(Duration.ofSeconds(6_000))).isEqualTo("1 h 40 min");
        assertThat(DurationText.precise(Duration.ofSeconds(6_029))).isEqualTo("1 h 40 min");
        assertThat(DurationText.precise(Duration.ofSeconds(6_030))).isEqualTo("1 h 41 min");
        assertThat(DurationText.precise(Duration.ofSeconds(-5))).isEqualTo("0 s");
    }

    @Test
    @DisplayName("rounded: seconds under a minute, else to the nearest minute, hours and minutes from an hour on")
    void rounded() {
        assertThat(DurationText.rounded(Duration.ofSeconds(16))).isEqualTo("16 s");
        assertThat(DurationText.rounded(Duration.ofMillis(59_500))).isEqualTo("1 min");
        assertThat(DurationText.rounded(Duration.ofSeconds(89))).isEqualTo("1 min");
        assertThat(DurationText.rounded(Duration.ofSeconds(90))).isEqualTo("2 min");
        assertThat(DurationText.rounded(Duration.ofSeconds(3_569))).isEqualTo("59 min");
        assertThat(DurationText.rounded(Duration.ofSeconds(3_570))).isEqualTo("1 h");
        assertThat(DurationText.rounded(Duration.ofSeconds(6_000))).isEqualTo("1 h 40 min");
        assertThat(DurationText.rounded(Duration.ofSeconds(-1))).isEqualTo("0 s");
    }
}
