package dev.botsim.cognigy.engine.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.botsim.cognigy.engine.support.ShownUrl;

class WebhookReceiverTest {

    /** Whether the merge takes {@code given} for the receiver of {@code kept}, a URL its parts kept masked. */
    private static boolean same(String kept, String given) {
        return WebhookReceiver.of(kept).equals(WebhookReceiver.of(ShownUrl.of(given)));
    }

    @ParameterizedTest(name = "{1} is the receiver of {0}")
    @CsvSource(delimiter = '|', value = {
            "https://hooks.example.com/x?****            | https://Hooks.Example.com/x?token=rotated",
            "https://hooks.example.com/x?****            | https://hooks.example.com:443/x?token=t",
            "https://Hooks.Example.com:443/x?****        | https://hooks.example.com/x?token=t",
            "HTTPS://hooks.example.com/x?****            | https://hooks.example.com/x?token=t",
            "http://hooks.example.com/x?****             | http://HOOKS.example.com:80/x?token=t",
            "https://hooks.example.com?****              | https://hooks.example.com/?token=t",
            "https://****@hooks.example.com/x            | https://qa:rotated@HOOKS.EXAMPLE.COM:443/x",
            "https://[2001:DB8::1]/x?****                | https://[2001:db8::1]:443/x?token=t",
            "https://hooks.example.com:8443/x?****       | https://hooks.example.com:8443/x?token=t",
            "https://hooks.example.com/x?****            | https://qa:t@hooks.example.com/x?token=t",
            "https://hooks.example.com/x#****            | https://hooks.example.com/x"})
    @DisplayName("a host in other case, the scheme's default port written or left out, an empty path or /, another token, user info"
            + " or fragment: the same receiver")
    void sameReceiver(String kept, String given) {
        assertThat(same(kept, given)).isTrue();
    }

    @ParameterizedTest(name = "{1} is another receiver than {0}")
    @CsvSource(delimiter = '|', value = {
            "https://hooks.example.com/x?****            | https://hooks.example.org/x?token=t",
            "https://hooks.example.com/x?****            | http://hooks.example.com/x?token=t",
            "https://hooks.example.com/x?****            | https://hooks.example.com:8443/x?token=t",
            "https://hooks.example.com/x?****            | https://hooks.example.com:80/x?token=t",
            "http://hooks.example.com/x?****             | http://hooks.example.com:443/x?token=t",
            "https://hooks.example.com/x?****            | https://hooks.example.com/X?token=t",
            "https://hooks.example.com/x?****            | https://hooks.example.com/x/y?token=t",
            "https://hooks.example.com/x?****            | https://hooks.example.com/other-project/x?token=t",
            "https://hooks.example.com/x/****            | https://hooks.example.com/y/x4Yq8Lr2Vn7Tz1Kp9Wm3Hs6D"})
    @DisplayName("another host, scheme, port or path (in case too): another receiver")
    void anotherReceiver(String kept, String given) {
        assertThat(same(kept, given)).isFalse();
    }
}
