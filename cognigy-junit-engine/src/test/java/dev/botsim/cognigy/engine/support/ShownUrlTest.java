package dev.botsim.cognigy.engine.support;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ShownUrlTest {

    @ParameterizedTest(name = "{0} is shown as {1}")
    @CsvSource(delimiter = '|', value = {
            "https://qa.example.com/hooks/cognigy                 | https://qa.example.com/hooks/cognigy",
            "cognigy.example.com                                  | cognigy.example.com",
            "https://qa:canary@qa.example.com/hook?token=canary   | https://****@qa.example.com/hook?****",
            "htps://qa.example.com/hook#token=canary              | htps://qa.example.com/hook#****",
            "https://qa:P@ss-canary@qa.example.com/hook           | https://****@qa.example.com/hook",
            "https://qa:pa/ss-canary@qa.example.com/hook?t=canary | https://****@qa.example.com/hook?****",
            "https://qa:pa?ss-canary@qa.example.com/hook          | https://****@****",
            "https://qa:pa#ss-canary@qa.example.com/hook          | https://****@****",
            "https://qa.example.com/hook?mail=a@b&token=canary    | https://****@****",
            "qa:canary@qa.example.com/hook                        | ****@qa.example.com/hook",
            "--managment-url=https://qa:canary@api.example.com/?x | --managment-url=https://****@api.example.com/?****",
            "https://hooks.example.com/services/T0A1B2C3D/B0E4F5G6H/x4Yq8Lr2Vn7Tz1Kp9Wm3canary | https://hooks.example.com/services/T0A1B2C3D/B0E4F5G6H/****",
            "https://chat.example.com/api/webhooks/123456789012345678/canary4bCdEfGhIjKlMnOpQrStUvWx_-9?wait=1 | https://chat.example.com/api/webhooks/123456789012345678/****?****",
            "https://qa.example.com/hooks/cognigy-junit-results  | https://qa.example.com/hooks/cognigy-junit-results",
            "https://qa.example.com/v2/projects/64f1a2b3c4d5e6f708091a2b/results | https://qa.example.com/v2/projects/****/results"})
    @DisplayName("a refused URL is shown without its user info, query, fragment and generated-looking path segments (a"
            + " chat tool's webhook token), also when a password holds @ / ? or # unencoded or an @ stands in the query")
    void shown(String url, String shown) {
        assertThat(ShownUrl.of(url)).isEqualTo(shown).doesNotContain("canary").doesNotContain("ss-");
    }

    @ParameterizedTest(name = "{0} hides what it showed masked: {1}")
    @CsvSource(delimiter = '|', value = {
            "https://qa.example.com/hooks/cognigy?token=canary | true",
            "https://qa:canary@qa.example.com/hook             | true",
            "https://qa.example.com/hook#canary                | true",
            "https://qa.example.com/hooks/cognigy              | false",
            "https://hooks.example.com/services/T0A1B2C3D/B0E4F5G6H/x4Yq8Lr2Vn7Tz1Kp9Wm3canary | true",
            "https://qa.example.com/v2/projects/64f1a2b3c4d5e6f708091a2b/results | true"})
    @DisplayName("a URL as shown tells whether it hides something it was given with (its user info, query, fragment or a"
            + " path segment)")
    void hides(String url, boolean hides) {
        assertThat(ShownUrl.hides(ShownUrl.of(url))).isEqualTo(hides);
        assertThat(ShownUrl.of(ShownUrl.of(url))).as("showing a shown URL again changes nothing").isEqualTo(ShownUrl.of(url));
    }
}
