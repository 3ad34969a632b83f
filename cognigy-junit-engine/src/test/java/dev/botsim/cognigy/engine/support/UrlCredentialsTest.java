package dev.botsim.cognigy.engine.support;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import okhttp3.HttpUrl;

class UrlCredentialsTest {

    @Test
    @DisplayName("a URL's user name, password and query values are its credentials, as written and decoded")
    void credentials() {
        HttpUrl url = HttpUrl.get("https://gateway-user:p%40ss-word-1@host.example.com/test/token?apikey=k%2Bey-value-12&x=1");
        assertThat(UrlCredentials.of(url)).containsExactlyInAnyOrder("gateway-user", "p@ss-word-1", "p%40ss-word-1",
                "k+ey-value-12", "k%2Bey-value-12", "1");
    }

    @Test
    @DisplayName("each credential is masked in a text, in either spelling; values shorter than 8 characters are left")
    void masked() {
        HttpUrl url = HttpUrl.get("https://host.example.com/test/token?apikey=k%2Bey-value-12&x=1");
        assertThat(UrlCredentials.mask("invalid apikey k+ey-value-12 (k%2Bey-value-12), x=1", url))
                .isEqualTo("invalid apikey **** (****), x=1");
    }

    @Test
    @DisplayName("a URL without user info or query has no credentials besides its path")
    void none() {
        assertThat(UrlCredentials.of(HttpUrl.get("https://host.example.com/test/token"))).isEmpty();
    }

    @Test
    @DisplayName("a query value without a name is a credential too, as written and decoded")
    void valueWithoutName() {
        HttpUrl url = HttpUrl.get("https://host.example.com/test/token?=k%2Bey-value-12");
        assertThat(UrlCredentials.of(url)).containsExactlyInAnyOrder("k+ey-value-12", "k%2Bey-value-12");
    }
}
