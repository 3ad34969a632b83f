package dev.botsim.cognigy.engine.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.botsim.cognigy.engine.support.Secret;

/** The central rule every secret of the run is masked by. */
class SecretsTest {

    private static final String DE_URL = "https://endpoint-trial.cognigy.ai/de-canary-4c8e2a6f0b9d?apikey=gw-canary-7a1c";

    /** The environment as the run reads it: by the variable a locale tag names. */
    private final Secrets secrets = Secrets.none().withLocaleEndpointUrls(locale -> Optional.ofNullable(Map.of(
            "COGNIGY_ENDPOINT_URL_DE_DE", DE_URL).get(Secrets.endpointUrlVariable(locale))).map(Secret::of));

    @Test
    @DisplayName("a locale's REST Endpoint URL is masked once looked up: whole, its URL token in either spelling and its query's key")
    void localeEndpointUrlLookedUp() {
        String text = "called " + DE_URL + ", token de-canary-4c8e2a6f0b9d (de%2Dcanary-4c8e2a6f0b9d), key gw-canary-7a1c";
        assertThat(secrets.mask(text)).as("not looked up: the environment cannot be listed").isEqualTo(text);
        assertThat(secrets.localeEndpointUrls().apply("de-DE")).isPresent();
        assertThat(secrets.mask(text.replace("de%2Dcanary", "de-canary"))).isEqualTo("called ****, token **** (****), key ****");
        assertThat(secrets.forms()).contains("de-canary-4c8e2a6f0b9d", "gw-canary-7a1c");
    }

    @Test
    @DisplayName("the run's locales looked up before it starts are known to every copy of the secrets, under either spelling of the tag")
    void localesLookedUpAhead() {
        secrets.localeEndpointUrls().lookUp(java.util.Arrays.asList("de_de", null, " "));
        assertThat(secrets.withManagementApiKey(Secret.of("mgmt-key-canary-1234")).mask("at " + DE_URL)).isEqualTo("at ****");
        assertThat(secrets.localeEndpointUrls().apply("fr-FR")).isEmpty();
        assertThat(secrets.forms()).doesNotContain("").containsAll(List.of(DE_URL));
    }

    @Test
    @DisplayName("a locale's Socket Endpoint URL, COGNIGY_SOCKET_URL_DE_DE, is read from the environment and masked once the"
            + " run looks up its tests' locales, as a locale's REST Endpoint URL is")
    void localeSocketUrlLookedUp() {
        String socketUrl = "https://endpoint-trial.cognigy.ai/de-socket-9b3d5f7a1c2e";
        EngineConfig config = EngineConfig.read(new MapParameters(Map.of()), Map.of("COGNIGY_SOCKET_URL_DE_DE", socketUrl)::get);
        String text = "connected to " + socketUrl + ", token de-socket-9b3d5f7a1c2e";
        assertThat(config.secrets().mask(text)).as("not looked up: the environment cannot be listed").isEqualTo(text);

        config.secrets().lookUpLocales(List.of("de-DE"));

        assertThat(config.secrets().localeSocketUrls().knownByVariable()).containsOnlyKeys("COGNIGY_SOCKET_URL_DE_DE");
        assertThat(config.secrets().localeEndpointUrls().known()).isEmpty();
        assertThat(config.secrets().mask(text)).isEqualTo("connected to ****, token ****");
    }

    @Test
    @DisplayName("every secret is masked as given, trimmed, and in each percent-encoded spelling: form-encoded (a space as +,"
            + " ~ as %7E), as a query value and encodeURIComponent write it (a space as %20), as a path segment")
    void encodedSpellings() {
        Secrets read = Secrets.none().withManagementApiKey(Secret.of(" mk canary+1*2~3/4 \n"));
        String text = String.join(" | ", "as sent mk canary+1*2~3/4", "form mk+canary%2B1*2%7E3%2F4",
                "query mk%20canary%2B1*2%7E3%2F4", "component mk%20canary%2B1*2~3%2F4", "rfc3986 mk%20canary%2B1%2A2~3%2F4",
                "segment mk%20canary+1*2~3%2F4", "half-decoded mk+canary+1*2~3/4");
        assertThat(read.mask(text)).isEqualTo("as sent **** | form **** | query **** | component **** | rfc3986 **** | segment ****"
                + " | half-decoded ****");
    }

    @Test
    @DisplayName("the proxy's password, read from COGNIGY_PROXY_PASSWORD, is masked as every secret of the run: in what a"
            + " message, report or cassette repeats")
    void proxyPasswordMasked() {
        EngineConfig config = EngineConfig.read(new MapParameters(Map.of()),
                Map.of(Constants.PROXY_PASSWORD_ENV, "proxy-pw-canary-51e0")::get);
        assertThat(config.secrets().proxyPassword()).map(Secret::reveal).contains("proxy-pw-canary-51e0");
        assertThat(config.secrets().mask("407 for svc-cognigy:proxy-pw-canary-51e0")).isEqualTo("407 for svc-cognigy:****");
        assertThat(UnmaskableSecrets.of(Secrets.none().withProxyPassword(Secret.of("pw1")))).hasValueSatisfying(warning ->
                assertThat(warning).startsWith(Constants.PROXY_PASSWORD_ENV + " is shorter than 8 characters"));
    }
    @ParameterizedTest(name = "{0}: a value holding it is masked in the parameters kept for listeners and in a refusal")
    @CsvSource({
            "COGNIGY_CLIENT_SECRET, cs-canary-5b1e9d7c2a, cs-canary-5b1e9d7c2a",
            "COGNIGY_API_KEY, mk-canary-0123456789, mk-canary-0123456789",
            "COGNIGY_SHARD_KEY, shard-canary-0123456789abcdef0123456, shard-canary-0123456789abcdef0123456",
            "COGNIGY_PROXY_PASSWORD, proxy-canary-51e0, proxy-canary-51e0",
            "COGNIGY_WEBHOOK_SECRET, whsec_a2tra2tra2tra2tra2tra2tra2tra2tr, whsec_a2tra2tra2tra2tra2tra2tra2tra2tr",
            "COGNIGY_WEBHOOK_SECRET, whsec_a2tra2tra2tra2tra2tra2tra2tra2tr, a2tra2tra2tra2tra2tra2tra2tra2tr",
            "COGNIGY_ENDPOINT_URL, https://endpoint-trial.cognigy.ai/4c8e2a6f0b9d1e3f, 4c8e2a6f0b9d1e3f",
            "COGNIGY_SOCKET_URL, https://endpoint-trial.cognigy.ai/9b3d5f7a1c2e4d6f, 9b3d5f7a1c2e4d6f"})
    @DisplayName("each secret the run reads from the environment is masked wherever the configuration repeats a value given:"
            + " pasted into another setting, it is in the parameters listeners print and in that setting's refusal")
    void everySecretMaskedInWhatTheConfigurationRepeats(String variable, String value, String pasted) {
        EngineConfig.Reading reading = EngineConfig.check(new MapParameters(Map.of(Constants.DEFAULT_PLATFORM, "web " + pasted,
                Constants.DEFAULT_USER, pasted)), Map.of(variable, value)::get, config -> List.of());
        assertThat(reading.config().parameters()).containsEntry(Constants.DEFAULT_PLATFORM, "web ****");
        assertThat(reading.problems()).singleElement().asString().startsWith(Constants.DEFAULT_USER + "=**** does not match")
                .doesNotContain(pasted);
    }

    @Test
    @DisplayName("a secret that holds another is masked whole, not around the shorter one: the longest are masked first")
    void longerSecretMaskedWhole() {
        Secrets secrets = Secrets.none().withClientSecret(Secret.of("tok-canary-1234"))
                .withManagementApiKey(Secret.of("tok-canary-1234-api-5678"));
        assertThat(secrets.mask("key tok-canary-1234-api-5678, secret tok-canary-1234")).isEqualTo("key ****, secret ****");
    }

    @Test
    @DisplayName("a webhook URL whose query is a token alone (?token, no name=) is masked of that query, as of a named value's")
    void webhookQueryWithoutNameMasked() {
        Secrets secrets = Secrets.none().withWebhookUrl(Optional.of("https://qa.example.com/hooks?abc123canarytoken"));
        assertThat(secrets.mask("answered for abc123canarytoken")).isEqualTo("answered for ****");
        Secrets named = Secrets.none().withWebhookUrl(Optional.of("https://qa.example.com/hooks?token=abc123canarytoken&v=2"));
        assertThat(named.forms()).contains("abc123canarytoken").doesNotContain("token=abc123canarytoken&v=2");
    }
}
