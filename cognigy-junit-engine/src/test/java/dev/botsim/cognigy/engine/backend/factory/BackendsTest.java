package dev.botsim.cognigy.engine.backend.factory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import dev.botsim.cognigy.engine.MutableClock;
import dev.botsim.cognigy.engine.RecordingSleeper;
import dev.botsim.cognigy.engine.backend.Backend;
import dev.botsim.cognigy.engine.backend.BotSchema;
import dev.botsim.cognigy.engine.backend.management.ManagementApiFake;
import dev.botsim.cognigy.engine.config.BackendChoice;
import dev.botsim.cognigy.engine.config.BackendSettings;
import dev.botsim.cognigy.engine.config.ConfigurationException;
import dev.botsim.cognigy.engine.config.EngineConfig;
import dev.botsim.cognigy.engine.config.Secrets;
import dev.botsim.cognigy.engine.support.Secret;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;

class BackendsTest {

    private final MockWebServer server = new MockWebServer();
    private final MutableClock clock = new MutableClock();
    private final RecordingSleeper sleeper = new RecordingSleeper(clock);

    @BeforeEach
    void start() throws Exception {
        server.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    @DisplayName("the management API waits on the engine's clock and sleeper (an HTTP-date Retry-After is read against that"
            + " clock), and is handed the endpoint's URL token: the bot under test is the endpoint's")
    void managementOnTheEnginesClock() {
        ManagementApiFake tenant = new ManagementApiFake();
        server.setDispatcher(tenant);
        tenant.next.add(new MockResponse.Builder().code(429).setHeader("Retry-After", "Tue, 24 Nov 2026 10:00:07 GMT").build());
        EngineConfig config = EngineConfig.defaults()
                .withBackend(BackendSettings.defaults().withChoice(BackendChoice.ENDPOINT)
                        .withManagement(BackendSettings.Management.defaults().withUrl(server.url("/").toString())
                                .withProjectId(ManagementApiFake.PROJECT)))
                .withSecrets(Secrets.none().withEndpointUrl(Secret.of(server.url("/" + ManagementApiFake.TOKEN).toString()))
                        .withManagementApiKey(Secret.of(ManagementApiFake.KEY)));
        try (Backend backend = Backends.on(clock, sleeper).apply(config)) {
            BotSchema schema = backend.schema();
            assertThat(schema.flows()).contains(java.util.Set.of("Main Flow", "FAQ", "Legacy"));
            assertThat(schema.underTest().orElseThrow().endpointName()).isEqualTo("cognigy-junit tests");
        }
        assertThat(sleeper.waits()).containsExactly(Duration.ofSeconds(7));
    }

    @Test
    @DisplayName("a simulation API given in part is told what it lacks, not that no environment is configured")
    void simulationApiGivenInPart() {
        EngineConfig baseUrlOnly = EngineConfig.read(new dev.botsim.cognigy.engine.config.MapParameters(java.util.Map.of("cognigy.backend", "simulation",
                "cognigy.base-url", server.url("/").toString())), name -> null);
        assertThatThrownBy(() -> Backends.on(clock, sleeper).apply(baseUrlOnly)).isInstanceOf(ConfigurationException.class)
                .hasMessage("The simulation API (cognigy.backend=simulation) is not fully configured: set cognigy.client-id or"
                        + " the environment variable COGNIGY_CLIENT_ID and the environment variable COGNIGY_CLIENT_SECRET."
                        + " See docs/configuration.md.");
        EngineConfig nothing = EngineConfig.read(new dev.botsim.cognigy.engine.config.MapParameters(java.util.Map.of()), name -> null);
        assertThatThrownBy(() -> Backends.on(clock, sleeper).apply(nothing)).isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("No Cognigy environment is configured. Set cognigy.base-url")
                .hasMessageContaining("set cognigy.sandbox.bot=classpath:<your bot definition>");
        assertThat(server.getRequestCount()).isZero();
    }

    @Test
    @DisplayName("item 13: cognigy.expected-snapshot without the management API, or with a backend that serves no snapshot,"
            + " is one configuration message")
    void expectedSnapshotNeedsManagement() {
        EngineConfig endpoint = EngineConfig.defaults()
                .withBackend(BackendSettings.defaults().withChoice(BackendChoice.ENDPOINT)
                        .withManagement(BackendSettings.Management.defaults().withExpectedSnapshot("v1.4")))
                .withSecrets(Secrets.none().withEndpointUrl(Secret.of(server.url("/" + ManagementApiFake.TOKEN).toString())));
        assertThatThrownBy(() -> Backends.on(clock, sleeper).apply(endpoint)).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("cognigy.expected-snapshot is checked through the management API")
                .hasMessageContaining("cognigy.management.url");
        EngineConfig simulation = EngineConfig.defaults().withBackend(BackendSettings.defaults().withChoice(BackendChoice.SIMULATION)
                .withManagement(BackendSettings.Management.defaults().withExpectedSnapshot("v1.4")));
        assertThatThrownBy(() -> Backends.on(clock, sleeper).apply(simulation)).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("needs cognigy.backend=endpoint");
        assertThat(server.getRequestCount()).isZero();
    }
}
