package dev.botsim.cognigy.engine.backend.playbooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import dev.botsim.cognigy.engine.backend.management.ManagementApiSchema;
import dev.botsim.cognigy.engine.config.Constants;
import dev.botsim.cognigy.engine.config.EngineConfig;
import dev.botsim.cognigy.engine.config.MapParameters;
import dev.botsim.cognigy.engine.transport.Sleeper;

/** The tenant's management API, as the playbooks backend reaches it, masks every secret of the run in its messages. */
class PlaybookSessionSecretsTest {

    @Test
    @DisplayName("a tenant's refusal quoting a password or query value of COGNIGY_ENDPOINT_URL is masked in the playbooks"
            + " backend's messages, as in the other backends'")
    void endpointUrlCredentialsMasked() {
        String password = "pw-canary-4e1b9d7a2c";
        String query = "qv-canary-8c3f5a1e6b";
        EngineConfig config = EngineConfig.read(new MapParameters(Map.of(Constants.MANAGEMENT_URL, "https://api.example.test",
                Constants.MANAGEMENT_PROJECT_ID, "project-1")), Map.of(Constants.MANAGEMENT_API_KEY_ENV, "key-canary-1",
                Constants.ENDPOINT_URL_ENV, "https://user:" + password + "@endpoint.example.test/abcdef0123456789abcdef0123456789"
                        + "abcdef0123456789abcdef0123456789?apikey=" + query)::get);

        ManagementApiSchema.Settings management = PlaybookSession.tenantManagement(config, Clock.systemUTC(), Sleeper.SYSTEM);

        assertThat(management.secrets().mask("refused: password " + password + ", apikey " + query))
                .doesNotContain(password, query).contains("refused: password ****");
    }
}
