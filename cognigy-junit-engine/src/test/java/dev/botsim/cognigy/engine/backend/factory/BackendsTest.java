package dev.botsim.cognigy.engine.backend.factory;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import dev.botsim.cognigy.engine.MutableClock;
import dev.botsim.cognigy.engine.RecordingSleeper;
import dev.botsim.cognigy.engine.backend.Backend;
import dev.botsim.cognigy.engine.config.BackendChoice;
import dev.botsim.cognigy.engine.config.BackendSettings;
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

    private static MockResponse page() {
        return new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json")
                .body("{\"items\":[],\"nextCursor\":null}").build();
    }

    @Test
    @DisplayName("the management API waits on the engine's clock and sleeper: an HTTP-date Retry-After is read against that clock")
    void managementOnTheEnginesClock() {
        server.enqueue(new MockResponse.Builder().code(429).setHeader("Retry-After", "Tue, 24 Nov 2026 10:00:07 GMT").build());
        server.enqueue(page());
        server.enqueue(page());
        EngineConfig config = EngineConfig.defaults()
                .withBackend(BackendSettings.defaults().withChoice(BackendChoice.ENDPOINT)
                        .withManagement(BackendSettings.Management.defaults().withUrl(server.url("/").toString()).withProjectId("p1")))
                .withSecrets(Secrets.none().withEndpointUrl(Secret.of(server.url("/endpoint-token-123456").toString()))
                        .withManagementApiKey(Secret.of("management-key-123")));
        try (Backend backend = Backends.on(clock, sleeper).apply(config)) {
            assertThat(backend.schema().flows()).contains(java.util.Set.of());
        }
        assertThat(sleeper.waits()).containsExactly(Duration.ofSeconds(7));
        assertThat(server.getRequestCount()).isEqualTo(3);
    }
}
