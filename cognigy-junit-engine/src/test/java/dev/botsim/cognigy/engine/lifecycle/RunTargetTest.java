package dev.botsim.cognigy.engine.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import dev.botsim.cognigy.engine.config.Constants;
import dev.botsim.cognigy.engine.config.EngineConfig;
import dev.botsim.cognigy.engine.config.MapParameters;

/** Where a run says its messages went ({@code RunInfo.target()}): each address as messages show it, named the same in every part. */
class RunTargetTest {

    private static final String TOKEN = "7e3a9c0ffee0123456789abcdef01234";
    private static final String GERMAN_TOKEN = "de3a9c0ffee0123456789abcdef01234";

    @Test
    @DisplayName("a locale's endpoint is named by the locale in its usual case, however the tests write it (de-de), so the"
            + " parts of shards whose files write it otherwise name one endpoint; user info, a percent-encoded token and a"
            + " query of the locale's URL are not shown")
    void localeEndpointNamedOneWay() {
        Map<String, String> environment = Map.of(Constants.ENDPOINT_URL_ENV, "https://endpoint-app.cognigy.ai/test/" + TOKEN,
                "COGNIGY_ENDPOINT_URL_DE_DE", "https://qa:Pa55word@endpoint-app.cognigy.ai/de%33a9c0ffee0123456789abcdef01234/?key=Q1w2E3r4");
        EngineConfig config = EngineConfig.read(new MapParameters(Map.of(Constants.BACKEND, "endpoint")), environment::get);
        config.secrets().localeEndpointUrls().lookUp(List.of("de-de"));

        Map<String, String> target = RunTarget.of(config);

        assertThat(target).isEqualTo(Map.of("endpoint", "https://endpoint-app.cognigy.ai/test/****",
                "endpoint de-DE", "https://endpoint-app.cognigy.ai/****/"));
        assertThat(target.toString()).doesNotContain(TOKEN).doesNotContain(GERMAN_TOKEN).doesNotContain("de%33a9c")
                .doesNotContain("Pa55word").doesNotContain("qa:").doesNotContain("Q1w2E3r4");
    }

    @Test
    @DisplayName("a Socket Endpoint run names the Socket Endpoint its messages went to, and each locale's, with the URL token"
            + " as ****, not the REST Endpoint it never sent to: a staging socket run's reports tell it from production's")
    void socketEndpointNamed() {
        Map<String, String> environment = Map.of(Constants.SOCKET_URL_ENV, "https://endpoint-app.cognigy.ai/" + TOKEN,
                "COGNIGY_SOCKET_URL_DE_DE", "https://endpoint-app.cognigy.ai/" + GERMAN_TOKEN,
                Constants.ENDPOINT_URL_ENV, "https://endpoint-staging.cognigy.ai/test/" + TOKEN);
        EngineConfig config = EngineConfig.read(new MapParameters(Map.of(Constants.BACKEND, "socket")), environment::get);
        config.secrets().localeSocketUrls().lookUp(List.of("de-de"));

        Map<String, String> target = RunTarget.of(config);

        assertThat(target).isEqualTo(Map.of("socket", "https://endpoint-app.cognigy.ai/****",
                "socket de-DE", "https://endpoint-app.cognigy.ai/****"));
        assertThat(target.toString()).doesNotContain(TOKEN).doesNotContain(GERMAN_TOKEN);
    }

    @Test
    @DisplayName("a simulation API run names its base URL, and the management API and project it reads the bot through;"
            + " a run against the embedded sandbox names the sandbox's bot alone")
    void simulationApiAndSandboxNamed() {
        EngineConfig simulation = EngineConfig.read(new MapParameters(Map.of(Constants.BACKEND, "simulation",
                Constants.BASE_URL, "https://simulation.bank.example", Constants.MANAGEMENT_URL, "https://api.bank.example",
                Constants.MANAGEMENT_PROJECT_ID, "64f1c2a9b8e7d6c5b4a39281")), Map.<String, String>of()::get);

        assertThat(RunTarget.of(simulation)).containsOnlyKeys("simulation_api", "management_api", "project")
                .containsEntry("project", "64f1c2a9b8e7d6c5b4a39281")
                .hasEntrySatisfying("simulation_api", url -> assertThat(url).startsWith("https://simulation.bank.example"))
                .hasEntrySatisfying("management_api", url -> assertThat(url).startsWith("https://api.bank.example"));

        EngineConfig sandbox = EngineConfig.read(new MapParameters(Map.of(Constants.BACKEND, "sandbox",
                Constants.SANDBOX_BOT, "bots/orders-bot.json", Constants.MANAGEMENT_PROJECT_ID, "64f1c2a9b8e7d6c5b4a39281")),
                Map.<String, String>of()::get);

        assertThat(RunTarget.of(sandbox)).isEqualTo(Map.of("sandbox", "bots/orders-bot.json"));
    }
}
