package dev.botsim.cognigy.engine.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Settings a configuration accepts and makes no use of: {@code cognigy.management.unlisted-slots} is read only where the
 * bot's schema is read through a management API, and is warned of wherever else it is given.
 */
class IneffectiveSettingsTest {

    /** No endpoint URL: {@code endpoint} with a sandbox bot is then the sandbox's REST Endpoint. */
    private static final Map<String, String> ENVIRONMENT = Map.of(Constants.MANAGEMENT_API_KEY_ENV, "key-1");

    /** The warnings of a configuration with {@code parameters} (and {@code key=value} pairs), read as a run reads it. */
    private static List<String> warnings(Map<String, String> parameters, String... more) {
        Map<String, String> all = new HashMap<>(parameters);
        for (int i = 0; i < more.length; i += 2) all.put(more[i], more[i + 1]);
        return IneffectiveSettings.of(EngineConfig.read(new MapParameters(all), ENVIRONMENT::get));
    }

    private static final Map<String, String> SLOTS = Map.of(Constants.MANAGEMENT_UNLISTED_SLOTS, "order_id, customer_tier");

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            simulation       | this run (cognigy.backend=simulation) reads the bot's schema from the simulation API
            sandbox          | this run (cognigy.backend=sandbox) reads the bot's schema from the embedded sandbox's simulation API
            playbooks        | this run (cognigy.backend=playbooks) checks no expectation against the bot's schema
            """)
    @DisplayName("a backend that reads the bot's schema from no management API: the slots named are warned of, the key and its"
            + " value named, and to give it only to the runs that read one")
    void backendWithoutManagementApi(String backend, String why) {
        List<String> warnings = warnings(SLOTS, Constants.BACKEND, backend, Constants.SANDBOX_BOT, "classpath:bots/order-bot.yaml");

        assertThat(warnings).singleElement().asString()
                .startsWith("cognigy.management.unlisted-slots=order_id,customer_tier has no effect: " + why)
                .contains("It adds slots to the bot's schema as a management API reads it (cognigy.backend=endpoint or socket"
                        + " with cognigy.management.url, cognigy.management.project-id and COGNIGY_API_KEY, the embedded"
                        + " sandbox's REST and Socket Endpoints")
                .endsWith("give it only to the runs that read the bot so (an execution or task of their own), or remove it");
    }

    @ParameterizedTest(name = "cognigy.backend={0}")
    @ValueSource(strings = {"endpoint", "socket"})
    @DisplayName("a tenant's REST or Socket Endpoint without the management API reads no schema: warned of, saying which"
            + " settings read it")
    void endpointWithoutManagementApi(String backend) {
        assertThat(warnings(SLOTS, Constants.BACKEND, backend)).singleElement().asString()
                .contains("this run (cognigy.backend=" + backend + ") reads no bot schema, since cognigy.management.url and"
                        + " cognigy.management.project-id are not set")
                .endsWith("set them and COGNIGY_API_KEY to read it, or remove cognigy.management.unlisted-slots");
    }

    @ParameterizedTest(name = "cognigy.backend={0}")
    @CsvSource({"endpoint, REST", "socket, Socket"})
    @DisplayName("the sandbox's REST or Socket Endpoint with its management API turned off: warned of, naming the setting that"
            + " turns it off")
    void sandboxEndpointWithoutItsManagementApi(String backend, String kind) {
        assertThat(warnings(SLOTS, Constants.BACKEND, backend, Constants.SANDBOX_BOT, "classpath:bots/order-bot.yaml",
                Constants.SANDBOX_MANAGEMENT_API, "false"))
                .singleElement().asString().contains("this run (the embedded sandbox's " + kind + " Endpoint) reads no bot schema,"
                        + " since cognigy.sandbox.management-api=false");
    }

    @Test
    @DisplayName("read through a management API — a tenant's REST Endpoint with it, the sandbox's, the nlu backend — or possibly"
            + " replayed from a schema read so: nothing to warn of; nor when the key is not given")
    void readSomewhere() {
        Map<String, String> management = Map.of(Constants.MANAGEMENT_URL, "https://api-trial.cognigy.ai",
                Constants.MANAGEMENT_PROJECT_ID, "project-1");
        Map<String, String> tenantEndpoint = new HashMap<>(SLOTS);
        tenantEndpoint.putAll(management);
        assertThat(warnings(tenantEndpoint, Constants.BACKEND, "endpoint")).isEmpty();
        assertThat(warnings(SLOTS, Constants.BACKEND, "endpoint", Constants.SANDBOX_BOT, "classpath:bots/order-bot.yaml")).isEmpty();
        assertThat(warnings(tenantEndpoint, Constants.BACKEND, "socket")).isEmpty();
        assertThat(warnings(SLOTS, Constants.BACKEND, "socket", Constants.SANDBOX_BOT, "classpath:bots/order-bot.yaml")).isEmpty();
        assertThat(warnings(tenantEndpoint, Constants.BACKEND, "nlu")).isEmpty();
        assertThat(warnings(SLOTS, Constants.BACKEND, "nlu", Constants.SANDBOX_BOT, "classpath:bots/order-bot.yaml")).isEmpty();
        for (String replay : List.of("replay", "auto", " Auto ")) {
            assertThat(warnings(SLOTS, Constants.BACKEND, "endpoint", Constants.REPLAY, replay)).as(replay).isEmpty();
        }
        assertThat(warnings(SLOTS, Constants.BACKEND, "endpoint", Constants.REPLAY, "record")).hasSize(1);
        assertThat(warnings(Map.of(), Constants.BACKEND, "sandbox", Constants.SANDBOX_BOT, "classpath:bots/order-bot.yaml")).isEmpty();
    }

    @Test
    @DisplayName("whether the run may replay a recorded schema is the mode the configuration read, not the key read again")
    void theModeAsTheConfigurationReadIt() {
        Map<String, String> endpoint = new HashMap<>(SLOTS);
        endpoint.put(Constants.BACKEND, "endpoint");
        EngineConfig read = EngineConfig.read(new MapParameters(endpoint), ENVIRONMENT::get);
        assertThat(IneffectiveSettings.of(read)).hasSize(1);
        assertThat(IneffectiveSettings.of(read.withReplayMode(ReplayMode.AUTO))).isEmpty();
        assertThat(IneffectiveSettings.of(read.withReplayMode(ReplayMode.REPLAY))).isEmpty();
        assertThat(IneffectiveSettings.of(read.withReplayMode(ReplayMode.RECORD))).hasSize(1);
    }
}
