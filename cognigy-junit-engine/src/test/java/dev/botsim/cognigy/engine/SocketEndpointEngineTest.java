package dev.botsim.cognigy.engine;

import static dev.botsim.cognigy.engine.backend.socket.CognigySocketServer.FINAL_PING;
import static dev.botsim.cognigy.engine.backend.socket.CognigySocketServer.output;
import static dev.botsim.cognigy.engine.backend.socket.CognigySocketServer.report;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectFile;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

import dev.botsim.cognigy.engine.backend.factory.Backends;
import dev.botsim.cognigy.engine.backend.socket.CognigySocketServer;
import dev.botsim.cognigy.engine.config.Constants;
import dev.botsim.cognigy.engine.execution.EngineServices;
import mockwebserver3.MockWebServer;

/**
 * {@code cognigy.backend=socket} end to end: a data file's cases and a conversation run against a Socket Endpoint
 * scripted with Cognigy's frames, through the engine as a build runs it.
 */
class SocketEndpointEngineTest {

    private static final String TOKEN = "5d3f1a9b7c2e4d6f8a0b1c3e5f7a9b2d4c6e8f0a1b3c5d7e9f2a4b6c8d0e1f3a";

    private final MockWebServer server = LoopbackServers.mockWebServer();
    @TempDir
    Path dir;

    @AfterEach
    void stop() {
        server.close();
    }

    private EngineExecutionResults run(Map<String, String> env, String... settings) throws Exception {
        Path file = dir.resolve("orders.sim.yaml");
        Files.writeString(file, String.join("\n", "version: 1", "cases:",
                "  - id: test_order", "    utterance: where is my order",
                "    expect: { intent: check_order, response_contains: ships tomorrow }",
                "conversations:", "  - id: test_order_then_number", "    turns:",
                "      - say: where is my order", "        expect: { response_contains: order number }",
                "      - say: ORD_77", "        expect: { response_contains: ORD_77 ships tomorrow }", ""));
        var kit = EngineTestKit.engine(new CognigyTestEngine(new EngineServices(env::get, Backends::create, Clock.systemUTC())))
                .configurationParameter(Constants.BACKEND, "socket")
                .configurationParameter(Constants.REPORT_DIR, dir.resolve("reports").toString());
        for (int i = 0; i < settings.length; i += 2) kit = kit.configurationParameter(settings[i], settings[i + 1]);
        return kit.selectors(selectFile(file.toFile())).execute();
    }

    @Test
    @DisplayName("a case and a two-turn conversation pass against the Socket Endpoint: the case's late output counts, the"
            + " conversation's turns share one socket")
    void passes() throws Exception {
        CognigySocketServer endpoint = new CognigySocketServer(server, (socket, input, index) -> {
            String text = input.get("text").stringValue();
            boolean conversation = input.get("data").get("cognigyJunit").get("testId").stringValue()
                    .startsWith("test_order_then_number");
            if (text.equals("ORD_77")) {
                socket.send(output("Order ORD_77 ships tomorrow."));
            } else if (conversation) {
                socket.send(output("Sure, what is your order number?"));
            } else {
                socket.send(output("Let me look that up."));
                socket.send(report("check_order", 0.93, "Order status"));
                // After the synchronous part: a REST Endpoint's answer would end before this.
                socket.send(output("Your order ships tomorrow."));
            }
            socket.send(FINAL_PING);
        });
        server.start();
        Map<String, String> env = Map.of(Constants.SOCKET_URL_ENV, server.url("/" + TOKEN).toString());

        EngineExecutionResults results = run(env);

        results.testEvents().assertStatistics(stats -> stats.started(3).succeeded(3));
        // One socket for the case, one for the conversation's two turns.
        assertThat(endpoint.sent).hasSize(2);
        assertThat(endpoint.inputs).hasSize(3);
        String reports = Files.readString(dir.resolve("reports/index.html"));
        assertThat(reports).doesNotContain(TOKEN);
    }

    @Test
    @DisplayName("without COGNIGY_SOCKET_URL, or with one that names no token, the run fails before any test, naming the"
            + " variable and never its value")
    void misconfigured() throws Exception {
        Map<String, Map<String, String>> envs = new TreeMap<>();
        envs.put("missing", Map.of());
        envs.put("no token", Map.of(Constants.SOCKET_URL_ENV, "https://endpoint-trial.cognigy.ai/"));
        Map<String, String> messages = new HashMap<>();
        for (var env : envs.entrySet()) {
            EngineExecutionResults results = run(env.getValue());
            results.testEvents().assertStatistics(stats -> stats.started(0));
            Throwable failure = results.containerEvents().failed().stream().findFirst().orElseThrow()
                    .getPayload(TestExecutionResult.class).orElseThrow().getThrowable().orElseThrow();
            messages.put(env.getKey(), failure.getMessage());
        }
        assertThat(messages.get("missing")).contains("cognigy.backend=socket needs the Socket Endpoint URL: set the environment"
                + " variable COGNIGY_SOCKET_URL");
        assertThat(messages.get("no token")).contains("the environment variable COGNIGY_SOCKET_URL is not an http(s) URL ending"
                + " in the Socket Endpoint's URL token");
    }

    @Test
    @DisplayName("cognigy.socket.turn-timeout=0 is refused with the configuration's other problems")
    void zeroTurnTimeout() throws Exception {
        server.start();
        EngineExecutionResults results = run(Map.of(Constants.SOCKET_URL_ENV, server.url("/" + TOKEN).toString()),
                Constants.SOCKET_TURN_TIMEOUT, "0s");
        Throwable failure = results.containerEvents().failed().stream().findFirst().orElseThrow()
                .getPayload(TestExecutionResult.class).orElseThrow().getThrowable().orElseThrow();
        assertThat(failure.getMessage()).contains("cognigy.socket.turn-timeout=0s must be more than 0");
    }
}
