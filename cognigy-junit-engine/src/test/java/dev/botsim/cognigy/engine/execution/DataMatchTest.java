package dev.botsim.cognigy.engine.execution;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** {@link DataMatch}: what {@code response_data} takes for contained in a bot's output data. */
class DataMatchTest {

    @Test
    @DisplayName("an object holds when each expected key is there with a matching value; a missing key or another value fails")
    void objects() {
        Map<String, Object> actual = Map.of("order", Map.of("id", "ORD_12", "items", 3), "status", "shipped");

        assertThat(DataMatch.contains(actual, Map.of("status", "shipped"))).isTrue();
        assertThat(DataMatch.contains(actual, Map.of("order", Map.of("id", "ORD_12")))).isTrue();
        assertThat(DataMatch.contains(actual, Map.of())).as("no key asked for").isTrue();
        assertThat(DataMatch.contains(actual, Map.of("status", "lost"))).isFalse();
        assertThat(DataMatch.contains(actual, Map.of("carrier", "DHL"))).as("a key the output lacks").isFalse();
        assertThat(DataMatch.contains(actual, Map.of("status", "shipped", "carrier", "DHL"))).as("one key of two lacking").isFalse();
        assertThat(DataMatch.contains(actual, Map.of("order", Map.of("id", "ORD_13")))).isFalse();
        assertThat(DataMatch.contains("shipped", Map.of("status", "shipped"))).as("an object against text").isFalse();
    }

    @Test
    @DisplayName("an expected null holds only on a key that is there with null: an absent key is not a null one")
    void nullValues() {
        Map<String, Object> withNull = new java.util.HashMap<>();
        withNull.put("coupon", null);
        Map<String, Object> expected = new java.util.HashMap<>();
        expected.put("coupon", null);

        assertThat(DataMatch.contains(withNull, expected)).isTrue();
        assertThat(DataMatch.contains(Map.of("status", "shipped"), expected)).isFalse();
    }

    @Test
    @DisplayName("a list holds when each expected element matches some element, in any order; a missing element fails")
    void lists() {
        List<Object> actual = List.of(Map.of("sku", "A1", "qty", 2), Map.of("sku", "B7", "qty", 1), "gift");

        assertThat(DataMatch.contains(actual, List.of(Map.of("sku", "B7"), "gift"))).isTrue();
        assertThat(DataMatch.contains(actual, List.of())).isTrue();
        assertThat(DataMatch.contains(actual, List.of(Map.of("sku", "C3")))).isFalse();
        assertThat(DataMatch.contains(actual, List.of(Map.of("sku", "A1"), Map.of("sku", "C3")))).as("one of two missing").isFalse();
        assertThat(DataMatch.contains(Map.of("sku", "A1"), List.of(Map.of("sku", "A1")))).as("a list against an object").isFalse();
    }

    @Test
    @DisplayName("numbers match by value whatever their type; text never matches a number, nor a number text")
    void numbers() {
        assertThat(DataMatch.contains(3, 3.0)).isTrue();
        assertThat(DataMatch.contains(12.5, new BigDecimal("12.50"))).isTrue();
        assertThat(DataMatch.contains(3L, 3)).isTrue();
        assertThat(DataMatch.contains(3, 4)).isFalse();
        assertThat(DataMatch.contains(3.01, 3)).isFalse();
        assertThat(DataMatch.contains("3", 3)).isFalse();
        assertThat(DataMatch.contains(3, "3")).isFalse();
        assertThat(DataMatch.contains(Arrays.asList(1, 2), List.of(2.0))).isTrue();
    }
}
