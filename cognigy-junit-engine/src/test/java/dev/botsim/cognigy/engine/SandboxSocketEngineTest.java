package dev.botsim.cognigy.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectFile;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineTestKit;

import dev.botsim.cognigy.engine.backend.factory.Backends;
import dev.botsim.cognigy.engine.config.Constants;
import dev.botsim.cognigy.engine.execution.EngineServices;
import dev.botsim.cognigy.spi.Outcome;
import dev.botsim.cognigy.spi.SimulationRecord;

/**
 * {@code cognigy.backend=socket} with a sandbox bot and no {@code COGNIGY_SOCKET_URL}: the embedded sandbox's Socket
 * Endpoint, over a real WebSocket on loopback, gives a data file the same results as the sandbox's REST Endpoint.
 */
class SandboxSocketEngineTest {

    @TempDir
    Path dir;

    /** What a test ended with: its outcome, why, and the bot's turns as the engine read them. */
    private record Result(Outcome outcome, String message, List<?> actual) {
    }

    private record Run(String backend, Map<String, Result> results) {
    }

    private Run run(String backend, String codeNode) throws Exception {
        return run(backend, codeNode, DEFAULT_FILE);
    }

    /** A case, a failing case and a two-turn conversation. */
    private static final String DEFAULT_FILE = String.join("\n", "version: 1", "cases:",
                "  - id: test_order", "    utterance: where is my order ORD_12",
                "    expect: { intent: check_order, response_contains: ORD_12 }",
                "  - id: test_wrong_intent", "    utterance: I want a human", "    expect: { intent: check_order }",
                "conversations:", "  - id: test_order_then_number", "    turns:",
                "      - say: where is my order", "        expect: { intent: check_order, response_contains: order number }",
                "      - say: ORD_77", "        expect: { response_contains: ORD_77 }", "");

    private Run run(String backend, String codeNode, String data) throws Exception {
        return run(backend, codeNode, data, "classpath:bots/order-bot.yaml", Map.of());
    }

    private Run run(String backend, String codeNode, String data, String bot) throws Exception {
        return run(backend, codeNode, data, bot, Map.of());
    }

    private Run run(String backend, String codeNode, String data, Map<String, String> parameters) throws Exception {
        return run(backend, codeNode, data, "classpath:bots/order-bot.yaml", parameters);
    }

    private Run run(String backend, String codeNode, String data, String bot, Map<String, String> parameters) throws Exception {
        Path file = dir.resolve("orders.sim.yaml");
        Files.writeString(file, data);
        RecordingListener listener = new RecordingListener();
        EngineTestKit.engine(new CognigyTestEngine(new EngineServices(Map.<String, String>of()::get, Backends::create,
                        Clock.systemUTC()).withListeners(listener)))
                .configurationParameter(Constants.BACKEND, backend)
                .configurationParameter(Constants.SANDBOX_BOT, bot)
                .configurationParameter(Constants.ENDPOINT_CODE_NODE, codeNode)
                .configurationParameter(Constants.REPORT_DIR, dir.resolve("reports-" + backend + "-" + codeNode).toString())
                .configurationParameters(parameters)
                .selectors(selectFile(file.toFile())).execute();
        Map<String, Result> results = new TreeMap<>();
        for (SimulationRecord record : listener.finished) {
            results.put(record.testId(), new Result(record.outcome(), record.message(), record.actual()));
        }
        return new Run(listener.runs.get(0).backend(), results);
    }

    @Test
    @DisplayName("a case, a failing case and a two-turn conversation: the sandbox's Socket Endpoint gives the results its REST"
            + " Endpoint gives, the bot's turns included, with the Code node in each flow")
    void sameResultsAsTheRestEndpoint() throws Exception {
        Run socket = run("socket", "per-flow");
        Run rest = run("endpoint", "per-flow");

        assertThat(socket.backend()).isEqualTo("sandbox-socket");
        assertThat(rest.backend()).isEqualTo("sandbox-endpoint");
        assertThat(socket.results()).hasSize(4);
        assertThat(socket.results().values().stream().map(Result::outcome).toList())
                .containsExactlyInAnyOrder(Outcome.PASSED, Outcome.FAILED, Outcome.PASSED, Outcome.PASSED);
        assertThat(socket.results().get("test_wrong_intent").outcome()).isEqualTo(Outcome.FAILED);
        assertThat(socket.results()).isEqualTo(rest.results());
    }

    @Test
    @DisplayName("a data-only message (a postback), as a case and as a conversation's turn, goes through the Socket"
            + " Endpoint as the socket client sends it, empty text and its data, with the REST Endpoint's verdicts")
    void dataOnlyMessages() throws Exception {
        String file = String.join("\n", "version: 1", "cases:",
                "  - id: test_postback", "    data: { action: GET_STARTED }",
                "    expect: { response_contains: ask about an order }",
                "conversations:", "  - id: test_order_then_data", "    turns:",
                "      - say: where is my order", "        expect: { intent: check_order, response_contains: order number }",
                // Data carries no text for the Question node to read: it asks again, here as on a tenant.
                "      - data: { order_id: ORD_77 }", "        expect: { response_contains: order number }", "");
        Run socket = run("socket", "per-flow", file);
        Run rest = run("endpoint", "per-flow", file);

        assertThat(socket.results()).hasSize(3).isEqualTo(rest.results());
        assertThat(socket.results().values()).extracting(Result::outcome).containsOnly(Outcome.PASSED);
    }

    @Test
    @DisplayName("with the Code node placed once (the default), the same results, the flows included: a turn's flow is named"
            + " from the answer's intentFlow through the sandbox's management API, as through its REST Endpoint")
    void sameResultsWithTheSharedCodeNode() throws Exception {
        Run socket = run("socket", "shared");
        Run rest = run("endpoint", "shared");

        assertThat(socket.results()).hasSize(4).isEqualTo(rest.results());
        assertThat(socket.results().get("test_order").actual().toString()).contains("flow=flow_order_status")
                .doesNotContain("Test Reporting");
    }

    @Test
    @DisplayName("without the sandbox's management API, the flow is the shared Code node's own, as the REST Endpoint's is")
    void sharedCodeNodeWithoutManagementApi() throws Exception {
        Map<String, String> noManagement = Map.of(Constants.SANDBOX_MANAGEMENT_API, "false");
        Run socket = run("socket", "shared", DEFAULT_FILE, noManagement);
        Run rest = run("endpoint", "shared", DEFAULT_FILE, noManagement);

        assertThat(socket.results()).hasSize(4).isEqualTo(rest.results());
        assertThat(socket.results().get("test_order").actual().toString()).contains("flow=Test Reporting");
    }

    @Test
    @DisplayName("a Webchat bot's quick replies, buttons and gallery, which a Socket Endpoint sends as Webchat's own payload"
            + " (_cognigy._webchat, Messenger's format): the texts, quick replies, buttons and cards are read, with the"
            + " REST Endpoint's verdicts, and a failure quotes what the bot offered")
    void webchatRichOutputs() throws Exception {
        String file = String.join("\n", "version: 1", "cases:",
                "  - id: test_hello", "    utterance: hello",
                "    expect: { quick_replies: [Check my order, Talk to an agent], response_contains: What can I do }",
                "  - id: test_contact", "    utterance: how can I reach you",
                "    expect: { buttons: [Call, Website], response_contains: Find one near you }",
                "  - id: test_contact_wrong", "    utterance: how can I reach you",
                "    expect: { buttons: [Opening hours] }",
                "conversations:", "  - id: test_order", "    turns:",
                "      - say: where is my order", "        expect: { quick_replies: [I do not know it], response_contains: order number }",
                "      - say: no idea", "        expect: { response_contains: Order numbers look like, quick_replies: [I do not know it] }",
                "      - say: ORD_77", "        expect: { response_contains: ORD_77 }", "");
        Run socket = run("socket", "per-flow", file, "classpath:bots/webchat-bot.yaml");
        Run rest = run("endpoint", "per-flow", file, "classpath:bots/webchat-bot.yaml");

        Map<String, Outcome> socketOutcomes = new TreeMap<>();
        socket.results().forEach((id, result) -> socketOutcomes.put(id, result.outcome()));
        Map<String, Outcome> restOutcomes = new TreeMap<>();
        rest.results().forEach((id, result) -> restOutcomes.put(id, result.outcome()));
        assertThat(socketOutcomes).hasSize(6).isEqualTo(restOutcomes);
        assertThat(socketOutcomes).containsEntry("test_contact_wrong", Outcome.FAILED)
                .containsEntry("test_hello", Outcome.PASSED).containsEntry("test_contact", Outcome.PASSED)
                .containsEntry("test_order#2", Outcome.PASSED);
        assertThat(socket.results().get("test_contact_wrong").message()).contains("Call", "Website", "Find one near you");
        assertThat(socket.results().get("test_hello").actual().toString()).contains("quickReplies=[Check my order, Talk to an agent]");
    }
}
