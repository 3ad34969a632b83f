package dev.botsim.cognigy.engine.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import dev.botsim.cognigy.engine.support.Secret;

class UnmaskableSecretsTest {

    private static final String LONG_TOKEN = "f3e9c1d2b7a84e0f9a1b2c3d4e5f6a7b";

    @Test
    @DisplayName("a tenant's secrets, all long enough to be masked, are warned of not at all")
    void longSecretsNoWarning() {
        Secrets secrets = Secrets.none().withClientSecret(Secret.of("cs-5b1e9d7c2a")).withManagementApiKey(Secret.of("0123456789abcdef"))
                .withEndpointUrl(Secret.of("https://user-name:pass-word@endpoint.example.com/test/" + LONG_TOKEN + "?apikey=k3y9x-long"));
        assertThat(UnmaskableSecrets.of(secrets)).isEmpty();
    }

    @Test
    @DisplayName("each secret under 8 characters is named by its variable, and by what it is in a URL, never by its value")
    void shortSecretsNamed() {
        Secrets secrets = Secrets.none().withClientSecret(Secret.of(" s3cr3t! ")).withManagementApiKey(Secret.of("key-1"))
                .withEndpointUrl(Secret.of("https://u:pw@endpoint.example.com/tok1234/?apikey=k3y9x&apikey=k3y9x&lang="))
                .withLocaleEndpointUrls(locale -> Optional.of(Secret.of("https://endpoint.example.com/de1234")));
        secrets.localeEndpointUrls().lookUp(List.of("de-DE"));
        String warning = UnmaskableSecrets.of(secrets).orElseThrow();
        assertThat(warning).startsWith("COGNIGY_CLIENT_SECRET, COGNIGY_API_KEY, the URL token of COGNIGY_ENDPOINT_URL, the user"
                + " name in COGNIGY_ENDPOINT_URL, the password in COGNIGY_ENDPOINT_URL, the query value apikey in"
                + " COGNIGY_ENDPOINT_URL, the URL token of COGNIGY_ENDPOINT_URL_DE_DE are shorter than 8 characters: ")
                .contains("use values of at least 8 characters");
        for (String value : List.of("s3cr3t!", "key-1", "tok1234", "k3y9x", "de1234", "pw")) assertThat(warning).doesNotContain(value);
    }

    @Test
    @DisplayName("a locale's endpoint URL counts once the run has looked it up")
    void localeUrlOnceLookedUp() {
        Secrets secrets = Secrets.none().withEndpointUrl(Secret.of("https://endpoint.example.com/" + LONG_TOKEN))
                .withLocaleEndpointUrls(locale -> Optional.of(Secret.of("https://endpoint.example.com/fr1234")));
        assertThat(UnmaskableSecrets.of(secrets)).isEmpty();
        secrets.localeEndpointUrls().lookUp(List.of("fr-FR"));
        assertThat(UnmaskableSecrets.of(secrets)).hasValueSatisfying(warning ->
                assertThat(warning).startsWith("the URL token of COGNIGY_ENDPOINT_URL_FR_FR is shorter than 8 characters: "));
    }

    @Test
    @DisplayName("a locale's Socket Endpoint URL counts once the run has looked it up, as a REST Endpoint's does")
    void localeSocketUrlOnceLookedUp() {
        Secrets secrets = Secrets.none().withLocaleSocketUrls(locale -> Optional.of(Secret.of("https://endpoint.example.com/fr1234")));
        assertThat(UnmaskableSecrets.of(secrets)).isEmpty();
        secrets.lookUpLocales(List.of("fr-FR"));
        assertThat(UnmaskableSecrets.of(secrets)).hasValueSatisfying(warning ->
                assertThat(warning).startsWith("the URL token of COGNIGY_SOCKET_URL_FR_FR is shorter than 8 characters: "));
    }

    @Test
    @DisplayName("the Socket Endpoint URL's token under 8 characters is named by its variable, as the REST Endpoint's is")
    void shortSocketUrlToken() {
        Secrets secrets = Secrets.none().withSocketUrl(Secret.of("https://endpoint.example.com/sk1234"));
        assertThat(UnmaskableSecrets.of(secrets)).hasValueSatisfying(warning -> assertThat(warning)
                .startsWith("the URL token of COGNIGY_SOCKET_URL is shorter than 8 characters: ").doesNotContain("sk1234"));
    }

    /** A signing key of 26 bytes, as a run with a webhook needs one of at least 24. */
    private static final String WEBHOOK_SECRET = "whsec_" + Base64.getEncoder()
            .encodeToString("wh-key-3c9e1a7f5b2d4e6f00".getBytes(StandardCharsets.UTF_8));

    private static Optional<String> warningOf(Map<String, String> parameters, Map<String, String> environment) {
        return UnmaskableSecrets.of(EngineConfig.read(new MapParameters(parameters), environment::get));
    }

    @Test
    @DisplayName("a token in the webhook URL's query too short to be masked is named by its parameter and the setting the URL"
            + " was given as, the property winning over the variable, never by its value")
    void webhookUrlQueryValueNamed() {
        Map<String, String> secret = Map.of(Constants.WEBHOOK_SECRET_ENV, WEBHOOK_SECRET);
        String asProperty = warningOf(Map.of(Constants.WEBHOOK_URL, "https://qa.example/hook?token=abc12&project=qa-results-2024"),
                secret).orElseThrow();
        assertThat(asProperty).startsWith("the query value token in cognigy.webhook.url is shorter than 8 characters: ")
                .doesNotContain("abc12");

        Map<String, String> environment = Map.of(Constants.WEBHOOK_SECRET_ENV, WEBHOOK_SECRET,
                Constants.WEBHOOK_URL_ENV, "https://qa.example/hook?token=abc12");
        assertThat(warningOf(Map.of(), environment)).hasValueSatisfying(warning -> assertThat(warning)
                .startsWith("the query value token in COGNIGY_WEBHOOK_URL is shorter than 8 characters: ").doesNotContain("abc12"));
        // A blank property leaves the variable's URL in force, and named.
        assertThat(warningOf(Map.of(Constants.WEBHOOK_URL, " "), environment)).hasValueSatisfying(warning ->
                assertThat(warning).startsWith("the query value token in COGNIGY_WEBHOOK_URL is "));
    }

    @Test
    @DisplayName("a webhook URL whose whole query is one short token is named by its query; long query values and a URL"
            + " without a query are warned of not at all")
    void webhookUrlQueryWhole() {
        Map<String, String> secret = Map.of(Constants.WEBHOOK_SECRET_ENV, WEBHOOK_SECRET);
        assertThat(warningOf(Map.of(Constants.WEBHOOK_URL, "https://qa.example/hook?x9Tq2"), secret)).hasValueSatisfying(
                warning -> assertThat(warning).startsWith("the query of cognigy.webhook.url is shorter than 8 characters: ")
                        .doesNotContain("x9Tq2"));
        assertThat(warningOf(Map.of(Constants.WEBHOOK_URL, "https://qa.example/hook?token=" + LONG_TOKEN), secret)).isEmpty();
        assertThat(warningOf(Map.of(Constants.WEBHOOK_URL, "https://qa.example/hooks/cognigy-results"), secret)).isEmpty();
    }

    @Test
    @DisplayName("a webhook signing secret given without a webhook (where its length is not checked) that is too short to be"
            + " masked, as written or without its whsec_, is named by its variable")
    void webhookSecretWithoutWebhook() {
        assertThat(UnmaskableSecrets.of(Secrets.none().withWebhookSecret(Secret.of("whsec_abc")))).hasValueSatisfying(warning ->
                assertThat(warning).startsWith("COGNIGY_WEBHOOK_SECRET is shorter than 8 characters: ").doesNotContain("abc"));
        assertThat(UnmaskableSecrets.of(Secrets.none().withWebhookSecret(Secret.of(WEBHOOK_SECRET)))).isEmpty();
    }

    @Test
    @DisplayName("a short query value in COGNIGY_WEBHOOK_PREVIOUS_URL is named by its parameter and that variable, never by value")
    void shortQueryValueOfThePreviousUrl() {
        Optional<String> warning = UnmaskableSecrets.of(EngineConfig.read(new MapParameters(Map.of()), Map.of(
                Constants.WEBHOOK_URL_ENV, "https://qa.example.com/hook?token=long-enough-token-1",
                Constants.WEBHOOK_SECRET_ENV, "whsec_a2tra2tra2tra2tra2tra2tra2tra2tr",
                Constants.WEBHOOK_PREVIOUS_URL_ENV, "https://qa.example.com/hook?token=ab1c")::get));
        assertThat(warning).hasValueSatisfying(w -> assertThat(w)
                .startsWith("the query value token in COGNIGY_WEBHOOK_PREVIOUS_URL is shorter than 8 characters: ")
                .doesNotContain("ab1c"));
    }
}
