package dev.botsim.cognigy.engine.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** {@link SortedJson}: JSON values in one order whatever order they were built in. */
class SortedJsonTest {

    @Test
    @DisplayName("every map's keys are sorted at every depth, inside lists too; a list keeps its order, a scalar is itself")
    void sortedAtEveryDepth() {
        Map<String, Object> inner = new LinkedHashMap<>();
        inner.put("z", 1);
        inner.put("a", 2);
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("turns", List.of(inner, "b", "a"));
        root.put("data", inner);

        Map<String, Object> sorted = SortedJson.sorted(root);

        assertThat(String.valueOf(sorted)).isEqualTo("{data={a=2, z=1}, turns=[{a=2, z=1}, b, a]}");
        assertThat(SortedJson.sortedValue("text")).isEqualTo("text");
        assertThat(SortedJson.sortedValue(null)).isNull();
    }
}
