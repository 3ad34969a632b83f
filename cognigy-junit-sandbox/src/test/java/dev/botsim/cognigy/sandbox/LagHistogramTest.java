package dev.botsim.cognigy.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class LagHistogramTest {

    @Test
    @DisplayName("values below 256 ms come back exactly; larger ones as a bucket edge within 1 % below them")
    void resolution() {
        for (long value : new long[] {0, 1, 30, 255}) {
            assertThat(LagHistogram.lowerEdge(LagHistogram.index(value))).isEqualTo(value);
        }
        for (long value : new long[] {256, 257, 300, 1000, 1001, 59_999, 3_600_000, 1L << 40}) {
            long edge = LagHistogram.lowerEdge(LagHistogram.index(value));
            assertThat(edge).isLessThanOrEqualTo(value).isGreaterThanOrEqualTo((long) (value * 0.99));
        }
        assertThat(LagHistogram.index(Long.MAX_VALUE)).as("beyond the range: the top bucket, not out of bounds")
                .isEqualTo(LagHistogram.index((1L << 41) - 1));
    }

    @Test
    @DisplayName("quantiles by nearest rank; negative values count as 0; reset empties")
    void quantiles() {
        LagHistogram histogram = new LagHistogram();
        assertThat(histogram.quantile(0.5)).isEmpty();
        for (int i = 1; i <= 10; i++) histogram.record(i * 10);
        histogram.record(-5);
        assertThat(histogram.count()).isEqualTo(11);
        assertThat(histogram.quantile(0.5)).hasValue(50);
        assertThat(histogram.quantile(0.9)).hasValue(90);
        assertThat(histogram.quantile(1.0)).hasValue(100);
        assertThat(histogram.quantile(0.01)).hasValue(0);
        assertThatThrownBy(() -> histogram.quantile(0)).isInstanceOf(IllegalArgumentException.class);
        histogram.reset();
        assertThat(histogram.count()).isZero();
        assertThat(histogram.quantile(0.9)).isEmpty();
    }
}
