package dev.botsim.cognigy.engine.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.botsim.cognigy.engine.backend.factory.Backends;

/**
 * A user moving a suite from the sandbox to a tenant copies URLs from Cognigy: the API reference's "API Server"
 * ({@code https://api-trial.cognigy.ai/new/}), a curl example's {@code /new/v2.0}, the endpoint's host. Each is a valid
 * URL, accepted, and failed only at the first request with a refusal that blames the project id and the API key; and
 * a tenant's endpoint URL in the environment without {@code cognigy.backend=endpoint} was answered with what the
 * simulation API lacks. Each is refused before the run instead, naming the key and what to write.
 */
class TenantHostsTest {

    private static final String ENDPOINT_URL = "https://endpoint-trial.cognigy.ai/test/0f3c9a7e1b2d4c6e8f0a1b3c5d7e9f1a";

    private static EngineConfig.Reading check(Map<String, String> parameters, Map<String, String> environment) {
        return EngineConfig.check(new MapParameters(parameters), environment::get, Backends::requirements);
    }

    private static Map<String, String> endpointWithManagement(String managementUrl) {
        Map<String, String> parameters = new HashMap<>(Map.of(Constants.BACKEND, "endpoint", Constants.MANAGEMENT_URL, managementUrl,
                Constants.MANAGEMENT_PROJECT_ID, "65a1f0c2e4b0d1a2b3c4d5e6"));
        return parameters;
    }

    private static final Map<String, String> TENANT = Map.of(Constants.ENDPOINT_URL_ENV, ENDPOINT_URL,
            Constants.MANAGEMENT_API_KEY_ENV, "k3y-0f3c9a7e1b2d4c6e8f0a1b3c");

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            https://api-trial.cognigy.ai/new/          | /new     | https://api-trial.cognigy.ai
            https://api-trial.cognigy.ai/new           | /new     | https://api-trial.cognigy.ai
            https://api-app.cognigy.ai/new/v2.0        | /new/v2.0 | https://api-app.cognigy.ai
            https://api-app-us.cognigy.ai/new/v2.0/    | /new/v2.0 | https://api-app-us.cognigy.ai
            https://cognigy.acme.internal/backend/new/v2.0 | /new/v2.0 | https://cognigy.acme.internal/backend
            """)
    @DisplayName("a management URL that holds the API's own /new/v2.0 is refused, naming the host to write")
    void apiPathInTheManagementUrlIsRefused(String url, String path, String meant) {
        EngineConfig.Reading reading = check(endpointWithManagement(url), TENANT);

        assertThat(reading.refused()).contains(Constants.MANAGEMENT_URL);
        assertThat(reading.problems()).anySatisfy(p -> assertThat(p).startsWith(Constants.MANAGEMENT_URL + "=")
                .contains("holds " + path + ", the path the engine puts before every request to the management API itself")
                .endsWith("write the API's host alone, cognigy.management.url=" + meant));
    }

    @Test
    @DisplayName("the REST Endpoints' host as the management URL is refused, naming the API host of the same environment")
    void endpointHostAsManagementUrlIsRefused() {
        EngineConfig.Reading trial = check(endpointWithManagement("https://endpoint-trial.cognigy.ai"), TENANT);
        EngineConfig.Reading dedicated = check(endpointWithManagement("https://endpoint-acme.cognigy.cloud/"), TENANT);

        assertThat(trial.problems()).containsExactly("cognigy.management.url=https://endpoint-trial.cognigy.ai is the host of the"
                + " REST Endpoints, not of the management API: write cognigy.management.url=https://api-trial.cognigy.ai (the REST"
                + " Endpoint's URL belongs in the environment variable COGNIGY_ENDPOINT_URL)");
        assertThat(dedicated.problems()).singleElement().asString()
                .contains("write cognigy.management.url=https://api-acme.cognigy.cloud (");
    }

    @Test
    @DisplayName("the whole endpoint URL pasted as the management URL is refused without showing its URL token")
    void endpointUrlAsManagementUrlShowsNoToken() {
        EngineConfig.Reading reading = check(endpointWithManagement(ENDPOINT_URL), TENANT);

        assertThat(reading.problems()).singleElement().asString()
                .startsWith("cognigy.management.url=https://endpoint-trial.cognigy.ai/test/****")
                .contains("write cognigy.management.url=https://api-trial.cognigy.ai").doesNotContain("0f3c9a7e");
    }

    @Test
    @DisplayName("the management API's hosts as Cognigy names them, and other hosts, are taken as they are")
    void managementHostsAreTaken() {
        for (String url : List.of("https://api-trial.cognigy.ai", "https://api-app.cognigy.ai/", "https://api-acme.cognigy.cloud",
                "https://cognigy.acme.internal/backend", "https://api.example.com/newsroom")) {
            assertThat(check(endpointWithManagement(url), TENANT).problems()).as(url).isEmpty();
        }
    }

    @Test
    @DisplayName("a Cognigy host as the simulation API's base URL is refused, naming the endpoint backend")
    void cognigyHostAsSimulationBaseUrlIsRefused() {
        EngineConfig.Reading reading = check(Map.of(Constants.BACKEND, "simulation", Constants.BASE_URL, "https://api-trial.cognigy.ai",
                Constants.CLIENT_ID, "client-1"), Map.of(Constants.CLIENT_SECRET_ENV, "s3cret-value-0f3c9a"));

        assertThat(reading.problems()).containsExactly("cognigy.base-url=https://api-trial.cognigy.ai is a host of Cognigy's, which"
                + " serves no simulation API (the protocol of docs/simulation-api.md, which is not Cognigy's Simulator either): to"
                + " test a tenant's bot, set cognigy.backend=endpoint and give its REST Endpoint's URL in the environment variable"
                + " COGNIGY_ENDPOINT_URL (docs/real-cognigy.md), and remove cognigy.base-url");
        assertThat(check(Map.of(Constants.BACKEND, "simulation", Constants.BASE_URL, "https://cognigy.example.com",
                Constants.CLIENT_ID, "client-1"), Map.of(Constants.CLIENT_SECRET_ENV, "s3cret-value-0f3c9a")).problems()).isEmpty();
    }

    @Test
    @DisplayName("an endpoint URL in the environment with no backend set is told to set cognigy.backend=endpoint, not what"
            + " the simulation API lacks")
    void endpointUrlWithoutBackendNamesTheBackend() {
        EngineConfig.Reading reading = check(Map.of(), Map.of(Constants.ENDPOINT_URL_ENV, ENDPOINT_URL));

        assertThat(reading.problems()).containsExactly("the environment variable COGNIGY_ENDPOINT_URL is set, but cognigy.backend is"
                + " not: without cognigy.sandbox.bot the backend is simulation (the simulation API of cognigy.base-url), which does"
                + " not read it. To test through the REST Endpoint, set cognigy.backend=endpoint (in junit-platform.properties, or"
                + " -Dcognigy.backend=endpoint)");
        assertThat(check(Map.of(Constants.BACKEND, "endpoint"), Map.of(Constants.ENDPOINT_URL_ENV, ENDPOINT_URL)).problems()).isEmpty();
    }

    @Test
    @DisplayName("an endpoint URL beside a simulation API's settings or a sandbox bot leaves the backend as configured")
    void endpointUrlBesideAnotherBackendIsLeftAlone() {
        // Part of the simulation API given: the user means it, and is told what it lacks.
        assertThat(check(Map.of(Constants.BASE_URL, "https://cognigy.example.com"), Map.of(Constants.ENDPOINT_URL_ENV, ENDPOINT_URL))
                .problems()).singleElement().asString().startsWith("The simulation API (cognigy.backend=simulation) is not fully configured");
        // A sandbox bot: the sandbox, as the Failsafe profile of getting-started.md relies on.
        EngineConfig.Reading sandbox = check(Map.of(Constants.SANDBOX_BOT, "classpath:no-such.bot.yaml"),
                Map.of(Constants.ENDPOINT_URL_ENV, ENDPOINT_URL));
        assertThat(sandbox.config().backend().choice()).isEqualTo(BackendChoice.SANDBOX);
        assertThat(sandbox.problems()).noneMatch(p -> p.contains(Constants.ENDPOINT_URL_ENV));
    }
}
