package dev.botsim.cognigy.engine.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.json.JsonMapper;

class JsonValuesTest {

    private final JsonMapper json = JsonMapper.builder().build();

    /** A record, which only the mapper knows how to write. */
    record Order(String id, int items) {
    }

    @Test
    @DisplayName("every kind of value a test sends is written byte for byte as the mapper writes it, in the map's order")
    void sameBytesAsTheMapper() {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("text", "grüße \"quoted\" \u2713 \n");
        data.put("int", 42);
        data.put("long", 9_007_199_254_740_993L);
        data.put("short", (short) 7);
        data.put("double", 0.1);
        data.put("whole double", 2.0);
        data.put("float", 1.5f);
        data.put("decimal", new BigDecimal("1.50"));
        data.put("big", new BigInteger("123456789012345678901234567890"));
        data.put("yes", true);
        data.put("nothing", null);
        data.put("list", Arrays.asList("a", 1, null, List.of(Map.of("deep", false))));
        data.put("set", Set.of("only"));
        data.put("nested", Map.of("order", Map.of("id", "ORD_99")));
        data.put("record", new Order("ORD_1", 3));
        data.put("date", LocalDate.of(2026, 12, 1));
        data.put("array", new int[] {1, 2});
        data.put("map with other keys", Map.of(1, "one"));

        byte[] written = JsonValues.object(json, body -> {
            body.writeName("data");
            JsonValues.write(body, data);
        });

        assertThat(new String(written, StandardCharsets.UTF_8))
                .isEqualTo(json.writeValueAsString(Map.of("data", data)));
    }

    @Test
    @DisplayName("an object's fields in the order written; null text is JSON null, as a tree's put(name, null) writes it")
    void objectFields() {
        byte[] written = JsonValues.object(json, body -> {
            body.writeStringProperty("userId", "u1");
            body.writeStringProperty("text", null);
            body.writeName("data");
            JsonValues.write(body, Map.of());
        });
        assertThat(new String(written, StandardCharsets.UTF_8)).isEqualTo("{\"userId\":\"u1\",\"text\":null,\"data\":{}}");
    }
}
