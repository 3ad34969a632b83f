package dev.botsim.cognigy.engine;

import static dev.botsim.cognigy.engine.backend.socket.CognigySocketServer.FINAL_PING;
import static dev.botsim.cognigy.engine.backend.socket.CognigySocketServer.output;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectFile;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

import dev.botsim.cognigy.engine.backend.factory.Backends;
import dev.botsim.cognigy.engine.backend.management.ManagementApiFake;
import dev.botsim.cognigy.engine.backend.socket.CognigySocketServer;
import dev.botsim.cognigy.engine.config.Constants;
import dev.botsim.cognigy.engine.execution.EngineServices;
import mockwebserver3.MockWebServer;

/**
 * {@code cognigy.backend=socket} with the management API, through the engine as a build runs it: a tenant's Socket Endpoint
 * and its management API, each on loopback in Cognigy's shapes. The bot is read before the first test, as for a REST
 * Endpoint: expectations naming what the bot lacks fail unsent, and a turn's flow is named from its {@code intentFlow}.
 */
class SocketManagementEngineTest {

    private final MockWebServer endpointServer = LoopbackServers.mockWebServer();
    private final MockWebServer managementServer = LoopbackServers.mockWebServer();
    private final ManagementApiFake tenant = new ManagementApiFake();
    private CognigySocketServer endpoint;
    @TempDir
    Path dir;

    @BeforeEach
    void start() throws Exception {
        tenant.endpoint.put("channel", "socket");
        // The Code node placed once, in a shared flow: flowName is that flow, intentFlow the flow the text was understood in.
        endpoint = new CognigySocketServer(endpointServer, (socket, input, index) -> {
            socket.send(output("Let me look up your order. It ships tomorrow."));
            socket.send(output(-1, null, "{\"intent\":\"check_order\",\"intentScore\":0.93,\"intentFlow\":\""
                    + ManagementApiFake.MAIN_REF + "\",\"flowName\":\"Test Reporting\",\"slots\":{},\"state\":\"\"}"));
            socket.send(FINAL_PING);
        });
        managementServer.setDispatcher(tenant);
        endpointServer.start();
        managementServer.start();
    }

    @AfterEach
    void stop() {
        endpointServer.close();
        managementServer.close();
    }

    private EngineExecutionResults run(String... lines) throws Exception {
        Path file = dir.resolve("orders.sim.yaml");
        Files.writeString(file, String.join("\n", lines) + "\n");
        Map<String, String> env = Map.of(Constants.SOCKET_URL_ENV, endpointServer.url("/" + ManagementApiFake.TOKEN).toString(),
                Constants.MANAGEMENT_API_KEY_ENV, ManagementApiFake.KEY);
        return EngineTestKit.engine(new CognigyTestEngine(new EngineServices(env::get, Backends::create, Clock.systemUTC())))
                .configurationParameter(Constants.BACKEND, "socket")
                .configurationParameter(Constants.MANAGEMENT_URL, managementServer.url("/").toString())
                .configurationParameter(Constants.MANAGEMENT_PROJECT_ID, ManagementApiFake.PROJECT)
                .configurationParameter(Constants.REPORT_DIR, dir.resolve("reports").toString())
                .selectors(selectFile(file.toFile())).execute();
    }

    private static Map<String, String> failures(EngineExecutionResults results) {
        Map<String, String> failures = new TreeMap<>();
        results.testEvents().failed().stream().forEach(e -> failures.put(e.getTestDescriptor().getUniqueId().getLastSegment()
                .getValue(), e.getPayload(TestExecutionResult.class).orElseThrow().getThrowable().orElseThrow().getMessage()));
        return failures;
    }

    @Test
    @DisplayName("a turn's flow is the display name of its intentFlow, so next_flow by the flow's name passes through the"
            + " Socket Endpoint as through a REST Endpoint, and the results name it")
    void flowNamedFromIntentFlow() throws Exception {
        EngineExecutionResults results = run("version: 1", "cases:",
                "  - id: test_order", "    utterance: where is my order",
                "    expect: { intent: check_order, next_flow: Main Flow, response_contains: ships tomorrow }");

        assertThat(failures(results)).isEmpty();
        results.testEvents().assertStatistics(stats -> stats.started(1).succeeded(1));
        assertThat(Files.readString(dir.resolve("reports/results.json"))).contains("\"flow_id\" : \"Main Flow\"");
        assertThat(tenant.to("endpoints")).isNotEmpty();
    }

    @Test
    @DisplayName("an expectation naming an entity or a flow the bot does not have fails before anything is sent, naming what"
            + " the bot has; the test beside it runs")
    void schemaRefusalBeforeSending() throws Exception {
        EngineExecutionResults results = run("version: 1", "cases:",
                "  - id: test_no_such_slot", "    utterance: where is my parcel",
                "    expect: { entities: { parcel_id: P_1 } }",
                "  - id: test_no_such_flow", "    utterance: where is my shipment",
                "    expect: { next_flow: Shipping }",
                "  - id: test_order", "    utterance: where is my order",
                "    expect: { intent: check_order, response_contains: ships tomorrow }");

        Map<String, String> failures = failures(results);
        assertThat(failures).containsOnlyKeys("test_no_such_slot", "test_no_such_flow");
        assertThat(failures.get("test_no_such_slot")).contains("the bot has no entity parcel_id");
        assertThat(failures.get("test_no_such_flow")).contains("the bot has no flow Shipping", "Main Flow");
        // Only the test the bot can answer reached the Socket Endpoint.
        assertThat(endpoint.inputs).hasSize(1);
        assertThat(endpoint.inputs.get(0).get("text").stringValue()).isEqualTo("where is my order");
    }
}
