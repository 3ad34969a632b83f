package dev.botsim.cognigy.engine.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.function.UnaryOperator;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import dev.botsim.cognigy.engine.support.Secret;

class JsonRedactionTest {

    private static final String SECRET = "cs/canary+5b1e9d7c2a==";
    private static final UnaryOperator<String> MASK = text -> Secret.mask(text, SECRET);

    @Test
    @DisplayName("a secret a JSON answer writes escaped (\\/, \\u002B) is masked in the string it decodes to, key or value")
    void escapedSecretIsMasked() {
        String escaped = "cs\\/canary\\u002B5b1e9d7c2a==";
        String body = "{\"text\":\"I heard Bearer " + escaped + "\",\"score\":0.930,\"n\":[1,{\"" + escaped + "\":true}],\"x\":null}";
        String masked = JsonRedaction.apply(body, MASK);
        assertThat(masked).isEqualTo("{\"text\":\"I heard Bearer ****\",\"score\":0.930,\"n\":[1,{\"****\":true}],\"x\":null}");
    }

    @Test
    @DisplayName("an answer with nothing to mask keeps its exact text, escapes and all")
    void untouchedWhenNothingMasked() {
        String body = "{ \"text\" : \"line one\\nline two \\u00e9\", \"score\" : 1.0 }";
        assertThat(JsonRedaction.apply(body, MASK)).isSameAs(body);
    }

    @Test
    @DisplayName("a secret written as is is masked in the text, JSON or not")
    void plainSecretMaskedInText() {
        assertThat(JsonRedaction.apply("<html>rejected " + SECRET + "</html>", MASK)).isEqualTo("<html>rejected ****</html>");
        assertThat(JsonRedaction.apply("{\"a\":\"" + SECRET + "\"}", MASK)).isEqualTo("{\"a\":\"****\"}");
    }

    @Test
    @DisplayName("text that is not one JSON value is left as masked: no client reads it as JSON")
    void notJsonLeftAlone() {
        String twoValues = "{\"a\":\"x\\/y\"} {\"b\":1}";
        assertThat(JsonRedaction.apply(twoValues, MASK)).isEqualTo(twoValues);
        assertThat(JsonRedaction.apply("not \\/ json", MASK)).isEqualTo("not \\/ json");
    }
}
