package dev.botsim.cognigy.engine.backend.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

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
    @DisplayName("item 6: text quoting the URL, or the token as is, decoded or encoded once or twice, is masked")
    void masksEveryForm() {
        EndpointUrl endpoint = EndpointUrl.parse(Secret.of("https://host/test/" + TOKEN + "/?x=1")).orElseThrow();
        String quoted = "https://host/test/" + TOKEN + "/?x=1";
        String masked = endpoint.mask("called " + quoted + "; token " + TOKEN + "; encoded "
                + URLEncoder.encode(quoted, StandardCharsets.UTF_8) + "; twice "
                + URLEncoder.encode(URLEncoder.encode(quoted, StandardCharsets.UTF_8), StandardCharsets.UTF_8));
        assertThat(masked).startsWith("called https://host/test/****/; token ****; encoded ").doesNotContain(TOKEN);
    }

    @Test
    @DisplayName("a URL token written with percent-encoded characters is masked as written, in either case of hex, encoded"
            + " again, and decoded; text that only resembles it is left alone")
    void masksPercentEncodedSpellings() {
        String written = "%30a1b2c3d4e5f6789%30a1b2c3d4e5f6789".replace("e5", "%65%35").replace("c3", "%63%33");
        EndpointUrl endpoint = EndpointUrl.parse(Secret.of("https://host/test/" + written)).orElseThrow();
        assertThat(endpoint.token()).isEqualTo(TOKEN);
        String quotedPath = "/test/" + written;
        String masked = endpoint.mask("path " + quotedPath + "; lower " + written.toLowerCase(java.util.Locale.ROOT) + "; again "
                + URLEncoder.encode(quotedPath, StandardCharsets.UTF_8) + "; decoded " + TOKEN + "; other %30a1b2c3d4e5f6788");
        assertThat(masked).isEqualTo("path /test/****; lower ****; again %2Ftest%2F****; decoded ****; other %30a1b2c3d4e5f6788");
    }

    @Test
    @DisplayName("a URL token written percent-encoded is masked where a text opens with it, and each time when it stands"
            + " twice with one character between")
    void masksPercentEncodedSpellingsAtTheEdges() {
        String written = "%30a1b2c3d4e5f6789%30a1b2c3d4e5f6789";
        EndpointUrl endpoint = EndpointUrl.parse(Secret.of("https://host/test/" + written)).orElseThrow();
        assertThat(endpoint.mask(written)).isEqualTo("****");
        assertThat(endpoint.mask(written + " was refused")).isEqualTo("**** was refused");
        assertThat(endpoint.mask("from /" + written + "/" + written + "/")).isEqualTo("from /****/****/");
    }

    @Test
    @DisplayName("a text cut short inside a spelling of the URL token, or inside one of its escapes (a snippet's end), is"
            + " masked as far as it goes and never fails")
    void textCutShortInsideTheToken() {
        EndpointUrl endpoint = EndpointUrl.parse(Secret.of("https://host/test/" + TOKEN)).orElseThrow();
        assertThat(endpoint.mask("100% of calls to /test/0a1b2c")).isEqualTo("100% of calls to /test/0a1b2c");
        assertThat(endpoint.mask("calls to /test/0a1b%3")).isEqualTo("calls to /test/0a1b%3");
        assertThat(endpoint.mask("calls to /test/0a1b%")).isEqualTo("calls to /test/0a1b%");
    }

    @Test
    @DisplayName("a URL token echoed in another case, as is or percent-encoded, is masked: Cognigy's tokens are hexadecimal,"
            + " where case says nothing; a value differing in more than case is left alone")
    void masksTheTokenInAnyCase() {
        String token = "ut-canary-7e3a9c1f5d8b";
        EndpointUrl endpoint = EndpointUrl.parse(Secret.of("https://host/test/" + token)).orElseThrow();
        String masked = endpoint.mask("YOU CALLED HTTPS://HOST/TEST/UT-CANARY-7E3A9C1F5D8B; mixed Ut-Canary-7e3A9C1f5D8b;"
                + " encoded UT%2DCANARY%2D7E3A9C1F5D8B; other ut-canary-7e3a9c1f5d8c");
        assertThat(masked).isEqualTo("YOU CALLED HTTPS://HOST/TEST/****; mixed ****; encoded ****; other ut-canary-7e3a9c1f5d8c");
    }

    @ParameterizedTest(name = "a URL token holding U+{0} is refused, the character named, the token never shown")
    @ValueSource(strings = {"200B", "00A0", "0020", "002B", "00E4"})
    @DisplayName("a URL token holding what no Cognigy token has (an invisible character or a line break pasted with it) is refused")
    void strayCharacterRefused(String code) {
        char stray = (char) Integer.parseInt(code, 16);
        Secret url = Secret.of("https://endpoint-trial.cognigy.ai/test/" + TOKEN + stray + "x");
        assertThat(EndpointUrl.parse(url)).isEmpty();
        assertThat(EndpointUrl.problem(url)).hasValue("holds the character U+" + code + " at position " + (TOKEN.length() + 1)
                + " in its URL token, which a URL token never has (pasted with it?): copy the URL again from the endpoint's"
                + " settings in Cognigy");
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
        assertThat(EndpointUrl.problem(Secret.of(url))).hasValueSatisfying(problem -> assertThat(problem)
                .startsWith("is not an http(s) URL ending in the endpoint's URL token"));
    }

    @ParameterizedTest(name = "{0} is refused as test mode without its URL token")
    @ValueSource(strings = {"https://endpoint-trial.cognigy.ai/test/", "https://endpoint-trial.cognigy.ai/test",
            "https://endpoint-trial.cognigy.ai/TEST/?x=1", "https://bots.example.com/cognigy/test/",
            "https://bots.example.com/eu/cognigy/Test?x=1"})
    @DisplayName("test mode's prefix with the URL token left off is named so, not taken for a short URL token, also behind"
            + " a proxy's path prefix")
    void testModeWithoutToken(String url) {
        assertThat(EndpointUrl.parse(Secret.of(url))).isEmpty();
        assertThat(EndpointUrl.problem(Secret.of(url))).hasValue("ends in /test/, test mode's prefix, with no URL token after it:"
                + " append the endpoint's URL token (https://<endpoint host>/test/<URLToken>), copied from the endpoint's"
                + " settings in Cognigy");
    }

    @ParameterizedTest(name = "{0} is a URL token")
    @ValueSource(strings = {"https://bots.example.com/cognigy/test/0a1b2c3dtest", "https://bots.example.com/cognigy/testa1b2",
            "https://bots.example.com/test/latest", "https://endpoint-trial.cognigy.ai/contest"})
    @DisplayName("a URL token that only holds the word test is a URL token, with a path prefix or without")
    void tokenHoldingTest(String url) {
        assertThat(EndpointUrl.problem(Secret.of(url))).isEmpty();
        assertThat(EndpointUrl.parse(Secret.of(url))).get().extracting(EndpointUrl::token).asString().containsIgnoringCase("test");
    }

    @Test
    @DisplayName("a character outside the Basic Multilingual Plane in a URL token is named by its code point, counted as one")
    void strayEmojiNamedByCodePoint() {
        assertThat(EndpointUrl.problem(Secret.of("https://endpoint-trial.cognigy.ai/test/\uD83D\uDE00" + TOKEN + "\u200B")))
                .get().asString().startsWith("holds the character U+1F600 at position 1 in its URL token");
    }

    @Test
    @DisplayName("a REST Endpoint URL has no problem")
    void noProblem() {
        assertThat(EndpointUrl.problem(Secret.of("https://endpoint-trial.cognigy.ai/test/" + TOKEN))).isEmpty();
    }
}
