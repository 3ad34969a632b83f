package dev.botsim.cognigy.engine.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.json.JsonMapper;

/** {@link InteroperableJsonGenerator}: JSON every reader takes, jq 1.6 among them. */
class InteroperableJsonGeneratorTest {

    private static String written(Object value) {
        JsonMapper json = JsonMapper.shared();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator generator = new InteroperableJsonGenerator(json.createGenerator(out))) {
            json.writeValue(generator, value);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    @DisplayName("half an emoji in a key or a text is written as U+FFFD, never as an escape jq refuses; whole emoji are kept")
    void loneSurrogates() {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("entity \uD83D", "answer cut \uD83D");
        payload.put("said", "\uD83D\uDE00");

        assertThat(written(payload)).isEqualTo("{\"entity \uFFFD\":\"answer cut \uFFFD\",\"said\":\"\uD83D\uDE00\"}");
    }

    @Test
    @DisplayName("a number JSON cannot hold (infinity, NaN) is written as null, a double or a float; a finite one as itself")
    void numbersJsonCannotHold() {
        Map<String, Object> scores = new LinkedHashMap<>();
        scores.put("infinite", Double.POSITIVE_INFINITY);
        scores.put("undefined", Double.NaN);
        scores.put("floatInfinite", Float.NEGATIVE_INFINITY);
        scores.put("score", 0.75);
        scores.put("floatScore", 0.5f);

        assertThat(written(List.of(scores)))
                .isEqualTo("[{\"infinite\":null,\"undefined\":null,\"floatInfinite\":null,\"score\":0.75,\"floatScore\":0.5}]");
    }
}
