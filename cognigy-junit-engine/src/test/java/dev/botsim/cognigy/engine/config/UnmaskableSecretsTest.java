package dev.botsim.cognigy.engine.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
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
}
