package dev.botsim.cognigy.engine.backend.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import dev.botsim.cognigy.engine.support.Secret;

class EndpointUrlTest {

    private static final String TOKEN = "0a1b2c3d4e5f67890a1b2c3d4e5f6789";

    @ParameterizedTest(name = "item 6: {0} is shown as {1}")
    @CsvSource({
            "https://endpoint-trial.cognigy.ai/TOKEN,          https://endpoint-trial.cognigy.ai/****",
            "https://endpoint-trial.cognigy.ai/TOKEN/,         https://endpoint-trial.cognigy.ai/****/",
            "https://endpoint-trial.cognigy.ai/TOKEN?x=1,      https://endpoint-trial.cognigy.ai/****",
            "https://endpoint-trial.cognigy.ai/test/TOKEN,     https://endpoint-trial.cognigy.ai/test/****",
            "https://endpoint-trial.cognigy.ai/a/b/TOKEN/,     https://endpoint-trial.cognigy.ai/a/b/****/",
            "http://127.0.0.1:8080/TOKEN//,                    http://127.0.0.1:8080/****//",
            "https://user:pw@endpoint-trial.cognigy.ai/TOKEN,  https://endpoint-trial.cognigy.ai/****",
            "http://[::1]:8080/test/TOKEN#top,                 http://[::1]:8080/test/****"})
    @DisplayName("item 6: the URL token is the last non-empty path segment, hidden whatever the URL's shape")
    void tokenWhateverTheShape(String url, String shown) {
        EndpointUrl endpoint = EndpointUrl.parse(Secret.of(url.replace("TOKEN", TOKEN))).orElseThrow();
        assertThat(endpoint.token()).isEqualTo(TOKEN);
        assertThat(endpoint.shown()).isEqualTo(shown).doesNotContain(TOKEN);
    }

    @Test
    @DisplayName("item 6: text quoting the URL, or the token as is, decoded or URL-encoded, is masked")
    void masksEveryForm() {
        String token = "tok en+" + TOKEN;
        EndpointUrl endpoint = EndpointUrl.parse(Secret.of("https://host/test/tok%20en+" + TOKEN + "/?x=1")).orElseThrow();
        assertThat(endpoint.token()).isEqualTo(token);
        String masked = endpoint.mask("called https://host/test/tok%20en+" + TOKEN + "/?x=1; token " + token
                + "; encoded tok+en%2B" + TOKEN);
        assertThat(masked).isEqualTo("called https://host/test/****/; token ****; encoded ****").doesNotContain(TOKEN);
    }

    @Test
    @DisplayName("a URL token percent-encoded in the URL (an invisible character pasted after it) is hidden whole")
    void encodedTokenHidden() {
        EndpointUrl endpoint = EndpointUrl.parse(Secret.of("https://endpoint-trial.cognigy.ai/test/" + TOKEN + "\u200B")).orElseThrow();
        assertThat(endpoint.shown()).isEqualTo("https://endpoint-trial.cognigy.ai/test/****");
    }

    @Test
    @DisplayName("S1: the endpoint's toString, and that of anything holding it, shows the URL as messages do, never the token")
    void toStringHidesTheToken() {
        EndpointUrl endpoint = EndpointUrl.parse(Secret.of("https://endpoint-trial.cognigy.ai/test/" + TOKEN + "?x=1")).orElseThrow();
        record Holder(EndpointUrl endpoint) {
        }
        assertThat(endpoint.toString()).isEqualTo("https://endpoint-trial.cognigy.ai/test/****");
        assertThat(new Holder(endpoint).toString()).doesNotContain(TOKEN);
        assertThat(endpoint.token()).as("the token itself is still at hand for masking").isEqualTo(TOKEN);
    }

    @ParameterizedTest(name = "{0} is refused")
    @ValueSource(strings = {"https://endpoint-trial.cognigy.ai/", "https://endpoint-trial.cognigy.ai", "endpoint-trial.cognigy.ai/" + TOKEN,
            "ftp://host/" + TOKEN})
    @DisplayName("a URL without a URL token in its path, or not http(s), is not an endpoint URL")
    void refused(String url) {
        assertThat(EndpointUrl.parse(Secret.of(url))).isEmpty();
    }
}
