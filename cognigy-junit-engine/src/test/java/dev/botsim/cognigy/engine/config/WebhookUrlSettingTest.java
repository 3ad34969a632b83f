package dev.botsim.cognigy.engine.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The webhook's URL, which a QA platform's receiver may make its credential ({@code ?token=...}): read from
 * {@code cognigy.webhook.url}, else {@code COGNIGY_WEBHOOK_URL}; sent to as given, shown and kept masked.
 */
class WebhookUrlSettingTest {

    private static final String TOKEN = "wu-canary-4d9b2f7e1c";
    private static final String URL = "https://qa.example.com/hook?token=" + TOKEN;
    private static final String SECRET = "whsec_a2tra2tra2tra2tra2tra2tra2tra2tr";

    private static EngineConfig read(Map<String, String> parameters, Map<String, String> environment) {
        return EngineConfig.read(new MapParameters(parameters), environment::get);
    }

    @Test
    @DisplayName("a webhook URL given as a parameter is sent to whole, but the configuration listeners and a split run's part"
            + " are given, and the configuration's toString, hold it with its query masked")
    void parameterKeptMasked() {
        EngineConfig config = read(Map.of(Constants.WEBHOOK_URL, URL), Map.of(Constants.WEBHOOK_SECRET_ENV, SECRET));
        assertThat(config.webhook().url()).contains(URL);
        assertThat(config.parameters()).containsEntry(Constants.WEBHOOK_URL, "https://qa.example.com/hook?****");
        assertThat(config.toString()).contains("https://qa.example.com/hook?****").doesNotContain(TOKEN);
        assertThat(config.webhook().toString()).doesNotContain(TOKEN);
    }

    @Test
    @DisplayName("the webhook URL's query values are secrets the engine masks everywhere, as written and decoded: in what the"
            + " run's secrets mask (the console's problems, reports, failure messages, a backend's answers), a problem repeating"
            + " one, and a parameter holding one")
    void queryValuesMaskedAsSecrets() {
        String encoded = "wu%2Fcanary-9e3c5a1b7d";
        String url = "https://qa.example.com/hook?token=" + TOKEN + "&key=" + encoded + "&project=p1";
        for (Map<String, String> given : List.of(Map.of(Constants.WEBHOOK_URL_ENV, url), Map.<String, String>of())) {
            Map<String, String> parameters = new java.util.HashMap<>(Map.of(Constants.BACKEND, TOKEN,
                    Constants.WEBHOOK_PROJECT_ID, "project " + TOKEN));
            if (given.isEmpty()) parameters.put(Constants.WEBHOOK_URL, url);
            Map<String, String> environment = new java.util.HashMap<>(given);
            environment.put(Constants.WEBHOOK_SECRET_ENV, SECRET);
            EngineConfig.Reading reading = EngineConfig.check(new MapParameters(parameters), environment::get, c -> List.of());
            Secrets secrets = reading.config().secrets();
            assertThat(secrets.mask("echoed " + TOKEN + ", " + encoded + " and " + "wu/canary-9e3c5a1b7d" + " for p1"))
                    .isEqualTo("echoed ****, **** and **** for p1");
            assertThat(reading.problems()).anySatisfy(p -> assertThat(p).contains(Constants.BACKEND + "=****"))
                    .noneSatisfy(p -> assertThat(p).contains(TOKEN));
            assertThat(reading.config().parameters()).containsEntry(Constants.WEBHOOK_PROJECT_ID, "project ****");
        }
    }

    @Test
    @DisplayName("a URL without anything to hide is kept as given")
    void plainUrlKeptAsGiven() {
        EngineConfig config = read(Map.of(Constants.WEBHOOK_URL, "https://qa.example.com/hook"), Map.of(Constants.WEBHOOK_SECRET_ENV, SECRET));
        assertThat(config.parameters()).containsEntry(Constants.WEBHOOK_URL, "https://qa.example.com/hook");
        assertThat(config.toString()).contains("url=Optional[https://qa.example.com/hook]");
    }

    @Test
    @DisplayName("COGNIGY_WEBHOOK_URL gives the URL when cognigy.webhook.url is not set; it is sent to whole, written into no"
            + " parameter and shown masked")
    void fromTheEnvironment() {
        EngineConfig config = read(Map.of(), Map.of(Constants.WEBHOOK_URL_ENV, URL, Constants.WEBHOOK_SECRET_ENV, SECRET));
        assertThat(config.webhook().url()).contains(URL);
        assertThat(config.parameters()).doesNotContainKey(Constants.WEBHOOK_URL);
        assertThat(config.toString()).doesNotContain(TOKEN);
    }

    @Test
    @DisplayName("cognigy.webhook.url wins over COGNIGY_WEBHOOK_URL, as cognigy.client-id over COGNIGY_CLIENT_ID")
    void parameterWins() {
        EngineConfig config = read(Map.of(Constants.WEBHOOK_URL, "https://qa.example.com/other"),
                Map.of(Constants.WEBHOOK_URL_ENV, URL, Constants.WEBHOOK_SECRET_ENV, SECRET));
        assertThat(config.webhook().url()).contains("https://qa.example.com/other");
    }

    @Test
    @DisplayName("a COGNIGY_WEBHOOK_URL that is no URL the engine can send to is refused naming the variable, its value not"
            + " repeated, not even masked: a token may stand in its path")
    void environmentRefusedWithoutItsValue() {
        assertThatThrownBy(() -> read(Map.of(), Map.of(Constants.WEBHOOK_URL_ENV, "https://qa.example.com:99999/" + TOKEN + "?t=" + TOKEN,
                Constants.WEBHOOK_SECRET_ENV, SECRET)))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("the environment variable COGNIGY_WEBHOOK_URL is not an http(s) URL; write it like"
                        + " https://qa.example.com/hooks/cognigy (its value is not repeated: it may hold the receiver's token)")
                .hasMessageNotContaining(TOKEN).hasMessageNotContaining("99999");
        assertThatThrownBy(() -> read(Map.of(), Map.of(Constants.WEBHOOK_URL_ENV, "https://qa:" + TOKEN + "@qa.example.com/hook",
                Constants.WEBHOOK_SECRET_ENV, SECRET)))
                .hasMessageContaining("the environment variable COGNIGY_WEBHOOK_URL holds a user name or password, which the engine does not send")
                .hasMessageNotContaining(TOKEN);
    }

    @Test
    @DisplayName("COGNIGY_WEBHOOK_URL without COGNIGY_WEBHOOK_SECRET is refused naming both variables")
    void environmentNeedsTheSecret() {
        assertThatThrownBy(() -> read(Map.of(), Map.of(Constants.WEBHOOK_URL_ENV, URL)))
                .hasMessageContaining("the environment variable COGNIGY_WEBHOOK_URL is set but the environment variable"
                        + " COGNIGY_WEBHOOK_SECRET is not").hasMessageNotContaining(TOKEN);
    }

    @Test
    @DisplayName("COGNIGY_WEBHOOK_PREVIOUS_URL: its query values are masked as secrets; one that is no URL, or one set without a"
            + " webhook URL, is refused without repeating it")
    void previousUrl() {
        String old = "https://qa.example.com/hook?token=" + TOKEN.replace("wu-", "old-");
        EngineConfig config = read(Map.of(), Map.of(Constants.WEBHOOK_URL_ENV, URL, Constants.WEBHOOK_SECRET_ENV, SECRET,
                Constants.WEBHOOK_PREVIOUS_URL_ENV, old));
        assertThat(config.secrets().previousWebhookUrl()).map(s -> s.reveal()).hasValue(old);
        assertThat(config.secrets().mask("echoed " + TOKEN.replace("wu-", "old-"))).isEqualTo("echoed ****");

        assertThatThrownBy(() -> read(Map.of(), Map.of(Constants.WEBHOOK_URL_ENV, URL, Constants.WEBHOOK_SECRET_ENV, SECRET,
                Constants.WEBHOOK_PREVIOUS_URL_ENV, "qa.example.com/hook?token=" + TOKEN)))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("the environment variable COGNIGY_WEBHOOK_PREVIOUS_URL is not an http(s) URL: give the whole"
                        + " URL payloads were spooled for (https://…), or unset it")
                .hasMessageNotContaining(TOKEN);
        assertThatThrownBy(() -> read(Map.of(), Map.of(Constants.WEBHOOK_SECRET_ENV, SECRET, Constants.WEBHOOK_PREVIOUS_URL_ENV, old)))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("the environment variable COGNIGY_WEBHOOK_PREVIOUS_URL is set but no webhook URL"
                        + " (cognigy.webhook.url or the environment variable COGNIGY_WEBHOOK_URL)")
                .hasMessageNotContaining(TOKEN.replace("wu-", "old-"));
    }
}
