package dev.botsim.cognigy.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectFile;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

import dev.botsim.cognigy.engine.backend.factory.Backends;
import dev.botsim.cognigy.engine.config.Constants;
import dev.botsim.cognigy.engine.execution.EngineServices;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

/**
 * A tenant whose reporting Code node is placed once, in a flow every turn passes through ("Test Reporting"): its
 * {@code flowName} is that flow on every turn. A failing {@code next_flow} whose flow came from it says why and what to
 * change, under {@code cognigy.endpoint.code-node=shared}, the placement that gives it.
 */
class SharedCodeNodeFlowTest {

    private static final String TRACE = "endpoint-httpIncomingMessage-0c5d2a8e-6f41-4b7e-9d13-5a2f8c4e7b90";
    private static final String ORDER_FLOW = "3f6a9d27-8c1e-3b54-a0f2-7d9e4c1b8a63";

    private final MockWebServer server = LoopbackServers.mockWebServer();
    @TempDir
    Path dir;

    @AfterEach
    void stop() {
        server.close();
    }

    /** A tenant's answer: one Say node, then the Code node's report from the shared flow. */
    private static MockResponse answer(String said, String intent, String intentFlow) {
        String report = "{\"intent\":" + quoted(intent) + ",\"intentScore\":" + (intent == null ? "null" : "0.87")
                + ",\"intentFlow\":" + quoted(intentFlow) + ",\"flowName\":\"Test Reporting\",\"slots\":{},\"state\":\"\"}";
        String body = """
                {"text":"%2$s","data":{},"outputStack":[
                  {"text":"%2$s","data":{},"traceId":"%1$s","disableSensitiveLogging":false,"source":"bot"},
                  {"text":null,"data":%3$s,"traceId":"%1$s","disableSensitiveLogging":false,"source":"bot"}],
                 "userId":"usr_1","sessionId":"ses_1"}""".formatted(TRACE, said, report);
        return new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json").body(body).build();
    }

    private static String quoted(String value) {
        return value == null ? "null" : "\"" + value + "\"";
    }

    private Map<String, String> failures(String placement) throws Exception {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                String body = request.getBody().utf8();
                if (body.contains("GET_STARTED")) return answer("Welcome! How can I help?", null, null);
                return answer("Sure, what is your order number?", "check_order", ORDER_FLOW);
            }
        });
        server.start();
        Path file = dir.resolve("shared.sim.yaml");
        Files.writeString(file, String.join("\n", "version: 1", "cases:",
                "  - id: test_get_started", "    data: { action: GET_STARTED }", "    expect: { next_flow: Get started }",
                "  - id: test_order", "    utterance: where is my order", "    expect: { next_flow: Order status }", ""));
        Map<String, String> env = Map.of(Constants.ENDPOINT_URL_ENV, server.url("/b7c4e9f2a1d84c3e9f0a6b5d").toString());
        EngineExecutionResults results = EngineTestKit.engine(new CognigyTestEngine(
                        new EngineServices(env::get, Backends::create, Clock.systemUTC())))
                .configurationParameter(Constants.BACKEND, "endpoint")
                .configurationParameter(Constants.ENDPOINT_CODE_NODE, placement)
                .configurationParameter(Constants.REPORT_DIR, dir.resolve("reports").toString())
                .selectors(selectFile(file.toFile())).execute();
        results.testEvents().assertStatistics(stats -> stats.started(2).failed(2));
        Map<String, String> failures = new TreeMap<>();
        results.testEvents().failed().stream().forEach(e -> failures.put(e.getTestDescriptor().getUniqueId().getLastSegment().getValue(),
                e.getPayload(TestExecutionResult.class).orElseThrow().getThrowable().orElseThrow().getMessage()));
        return failures;
    }

    @ParameterizedTest(name = "cognigy.endpoint.code-node={0}")
    @ValueSource(strings = {"shared", "per-flow"})
    @DisplayName("next_flow failing on a shared flow's flowName says in one line why and what to change: on a turn without an"
            + " intent, place the node in each handling flow (per-flow); with an intentFlow but no management API, that or the"
            + " management API. Under per-flow, flowName is the turn's flow: the failure adds nothing")
    void failureSaysWhy(String placement) throws Exception {
        Map<String, String> failures = failures(placement);
        assertThat(failures).containsOnlyKeys("test_get_started", "test_order");
        failures.values().forEach(message -> assertThat(message).contains("[next flow", "but was: \"Test Reporting\""));
        if (placement.equals("per-flow")) {
            failures.values().forEach(message -> assertThat(message).doesNotContain("flowName").doesNotContain("code-node"));
            return;
        }
        String noIntent = failures.get("test_get_started");
        assertThat(noIntent).contains("flowName, the flow the Code node runs in, is the same flow on every turn with the node"
                + " placed once (cognigy.endpoint.code-node=shared), and this turn has no intentFlow (no intent was found):"
                + " place the node in each handling flow and set cognigy.endpoint.code-node=per-flow; see docs/real-cognigy.md.")
                .doesNotContain("management API");
        String unnamed = failures.get("test_order");
        assertThat(unnamed).contains("its intentFlow " + ORDER_FLOW + " is named only through the management API, which is"
                + " not configured: place the node in each handling flow and set cognigy.endpoint.code-node=per-flow, or"
                + " configure the management API (cognigy.management.url, cognigy.management.project-id, COGNIGY_API_KEY); see docs/real-cognigy.md.");
        // One line, below the expected and actual flows.
        assertThat(noIntent.lines().filter(line -> line.contains("code-node"))).hasSize(1);
    }

    @ParameterizedTest(name = "cognigy.endpoint.code-node={0}")
    @ValueSource(strings = {"shared", "per-flow"})
    @DisplayName("index.html shows why a failing next_flow reads the shared flow and what to change, below expected against"
            + " actual: the table alone shows the reporting flow as the turn's, as if the bot had gone the wrong way")
    void pageSaysWhy(String placement) throws Exception {
        failures(placement);
        String page = Files.readString(dir.resolve("reports/index.html"));
        String order = page.substring(page.indexOf("id=\"test_order\""), page.indexOf("</details>", page.indexOf("id=\"test_order\"")));
        assertThat(order).contains("<p class=\"label\">Expected</p>", "flow: Test Reporting");
        if (placement.equals("per-flow")) {
            assertThat(order).doesNotContain("Why the flow").doesNotContain("code-node");
            return;
        }
        assertThat(order).contains("<p class=\"label\">Why the flow may not be the turn's</p><pre>flowName, the flow the Code node"
                + " runs in, is the same flow on every turn with the node placed once (cognigy.endpoint.code-node=shared), and its"
                + " intentFlow " + ORDER_FLOW + " is named only through the management API");
        // Only the note: the rest of the message is the table's.
        assertThat(order).doesNotContain("bot answer differs");
    }
}
