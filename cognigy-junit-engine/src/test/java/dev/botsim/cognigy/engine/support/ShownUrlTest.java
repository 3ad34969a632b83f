package dev.botsim.cognigy.engine.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.stream.IntStream;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
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

    @ParameterizedTest(name = "{0} is shown as {1}")
    @CsvSource(delimiter = '|', value = {
            // A token drawn from letters only (one in seventy of a chat tool's 24-character tokens has no digit).
            "https://hooks.example.com/services/T0A1B2C3D/B0E4F5G6H/xOyQbTzRwVnKpLmJhGfDsAqE | https://hooks.example.com/services/T0A1B2C3D/B0E4F5G6H/****",
            "https://maker.example.com/trigger/done/with/key/dAbCdEfGhIjKlMnOpQrStU | https://maker.example.com/trigger/done/with/key/****",
            // A token with a dot, a tilde or percent-encoded characters in it.
            "https://qa.example.com/hook/sk.b7Yq2Lr8Vn4Tz1Kp9Wm3Hs6D | https://qa.example.com/hook/****",
            "https://qa.example.com/hook/eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.c2lnbmF0dXJl | https://qa.example.com/hook/****",
            "https://qa.example.com/hook/b7Yq2Lr8%2BVn4Tz1Kp9%3D | https://qa.example.com/hook/****",
            "https://qa.example.com/hook/b7Yq2Lr8~Vn4Tz1Kp9Wm3 | https://qa.example.com/hook/****",
            // A random id however its pieces fall: also one whose pieces read as words and numbers (about one UUID in
            // three million), alone or after a word.
            "https://webhook.example.com/64f1a2b3-c4d5-e6f7-0809-1a2b3c4d5e6f | https://webhook.example.com/****",
            "https://hooks.example.com/ffaddb36-df07-4842-a267-edcdefcbf084 | https://hooks.example.com/****",
            "https://qa.example.com/hook/results-ffaddb36-df07-4842-a267-edcdefcbf084 | https://qa.example.com/hook/****"})
    @DisplayName("a path segment that looks generated is masked whatever it is drawn from: letters only, with a dot, a tilde or"
            + " percent-encoded characters, an id in hyphenated pieces")
    void generatedSegmentsMasked(String url, String shown) {
        assertThat(ShownUrl.of(url)).isEqualTo(shown);
        assertThat(ShownUrl.hides(shown)).isTrue();
    }

    @Test
    @DisplayName("random tokens of a chat tool's shape (24 letters and digits) are masked in the path but for one in thousands,"
            + " those of letters alone but for one in a hundred, UUIDs always")
    void randomTokensMasked() {
        Random random = new Random(20261202);
        String letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
        assertThat(keptOf(random, letters + "0123456789", 24)).as("of 10,000 base62 tokens").isLessThan(10);
        assertThat(keptOf(random, letters, 24)).as("of 10,000 tokens of letters alone").isLessThan(100);
        assertThat(IntStream.range(0, 10_000).mapToObj(i -> java.util.UUID.randomUUID().toString())
                .filter(uuid -> !ShownUrl.hides(ShownUrl.of("https://hooks.example.com/" + uuid)))).isEmpty();
    }

    /** How many of 10,000 random tokens drawn from {@code alphabet} a URL's path shows whole. */
    private static long keptOf(Random random, String alphabet, int length) {
        return IntStream.range(0, 10_000).mapToObj(i -> {
            StringBuilder token = new StringBuilder();
            for (int c = 0; c < length; c++) token.append(alphabet.charAt(random.nextInt(alphabet.length())));
            return ShownUrl.of("https://hooks.example.com/services/T0A1B2C3D/B0E4F5G6H/" + token);
        }).filter(shown -> !ShownUrl.hides(shown)).count();
    }

    @ParameterizedTest(name = "{0} is shown whole")
    @CsvSource(delimiter = '|', value = {
            "https://qa.example.com/hooks/cognigy-junit-v2-results",
            "https://qa.example.com/api/release-2024-12-results",
            "https://qa.example.com/hooks/cognigy-junit-results-for-the-release-branch",
            "https://qa.example.com/hooks/GitHubWebhookReceiver",
            "https://qa.example.com/hooks/CognigyJUnitResults",
            "https://qa.example.com/hooks/qa_results_2024_v3",
            "https://qa.example.com/reports/cognigy-junit-2024.json",
            "https://qa.example.com/hooks/cognigy%20junit%20results"})
    @DisplayName("a path segment of words — with hyphens, underscores or dots, a version or a year, in camel case — is no"
            + " token: shown whole, so a merge sends to the URL its parts recorded without COGNIGY_WEBHOOK_URL")
    void wordsKept(String url) {
        assertThat(ShownUrl.of(url)).isEqualTo(url);
        assertThat(ShownUrl.hides(ShownUrl.of(url))).isFalse();
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

    @Test
    @DisplayName("a request's path shows a generated-looking segment of its base URL masked, and what the request added as it is")
    void pathBelowBase() {
        okhttp3.HttpUrl base = okhttp3.HttpUrl.get("https://host.example.com/test/e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0");
        okhttp3.HttpUrl simulation = base.newBuilder().addPathSegments("api/bot/simulate/sim_8f3a9c1e5d7b2a4c6e8f").build();
        assertThat(ShownUrl.path(base, simulation)).isEqualTo("/test/****/api/bot/simulate/sim_8f3a9c1e5d7b2a4c6e8f");
        okhttp3.HttpUrl plain = okhttp3.HttpUrl.get("https://api-trial.cognigy.ai/");
        assertThat(ShownUrl.path(plain, plain.newBuilder().addPathSegments("new/v2.0/projects/5f3a9c1e5d7b2a4c6e8f0a1b").build()))
                .isEqualTo("/new/v2.0/projects/5f3a9c1e5d7b2a4c6e8f0a1b");
        okhttp3.HttpUrl proxied = okhttp3.HttpUrl.get("https://proxy.example.com/cognigy/api/");
        assertThat(ShownUrl.path(proxied, proxied.newBuilder().addPathSegments("api/oauth/token").build()))
                .isEqualTo("/cognigy/api/api/oauth/token");
    }

    @ParameterizedTest(name = "{0} is shown as {1}")
    @CsvSource(delimiter = '|', value = {
            "https://?token=canary                               | https://?****",
            "https://#token=canary?x=1                           | https://#****",
            "https://?token=ab@canary-rest                       | https://****@****",
            "https://#token=ab@canary-rest                       | https://****@****",
            "/services/T0A1B2C3D/B0E4F5G6H/x4Yq8Lr2Vn7Tz1Kp9Wm3canary | /services/T0A1B2C3D/B0E4F5G6H/****"})
    @DisplayName("a URL without a host or a path without a URL is shown without its query, fragment and tokens too")
    void withoutHost(String url, String shown) {
        assertThat(ShownUrl.of(url)).isEqualTo(shown).doesNotContain("canary");
    }

    @ParameterizedTest(name = "{0} is shown whole")
    @CsvSource(delimiter = '|', value = {
            "https://qa.example.com/hooks/PushUpNotifications",
            "https://qa.example.com/hooks/OrdersInternationalize",
            "https://qa.example.com/hooks/AddNewBotRunForAll",
            "https://qa.example.com/hooks/_internal-results-2024"})
    @DisplayName("words in camel case are kept at their edges: a word of two letters or of sixteen, a third of the letters"
            + " capitals; a segment starting with a separator is read by its words")
    void wordsAtTheirEdgesKept(String url) {
        assertThat(ShownUrl.of(url)).isEqualTo(url);
    }

    @ParameterizedTest(name = "{0} is shown as {1}")
    @CsvSource(delimiter = '|', value = {
            "https://qa.example.com/hooks/OrdersInternationalizer | https://qa.example.com/hooks/****",
            "https://qa.example.com/hooks/AddNewBotRunForAllX     | https://qa.example.com/hooks/****"})
    @DisplayName("past those edges a segment reads as generated: a word of seventeen letters, more than a third capitals")
    void pastTheEdgesMasked(String url, String shown) {
        assertThat(ShownUrl.of(url)).isEqualTo(shown);
    }

    @ParameterizedTest(name = "{0} is repeated as {1}")
    @CsvSource(delimiter = '|', value = {
            "--api-key=canary-value                   | --api-key=****",
            "--client-secret=canary                   | --client-secret=****",
            "-Dcognigy.shard-key=canary               | -Dcognigy.shard-key=****",
            "--Password=canary                        | --Password=****",
            "--managment-url=https://u:canary@host/?x | --managment-url=https://****@host/?****",
            "api-key=canary@host                      | ****@host"})
    @DisplayName("a command line's refused argument: its value masked when the option's name names a credential, else shown"
            + " as a URL is")
    void argument(String arg, String shown) {
        assertThat(ShownUrl.argument(arg)).isEqualTo(shown).doesNotContain("canary");
    }
}
