package dev.botsim.cognigy.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectFile;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineTestKit;

import dev.botsim.cognigy.engine.config.Constants;
import dev.botsim.cognigy.engine.execution.EngineServices;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/** What a whole run's webhook payload says of its flow coverage and its logical run, against results.json. */
class WebhookPayloadRunTest {

    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    /** Runs {@code suite} with a webhook to a receiver answering 204; returns the payload and results.json. */
    private static JsonNode[] run(Path dir, String suite, Map<String, String> parameters) throws Exception {
        MutableClock clock = new MutableClock();
        return run(dir, suite, parameters, new ScriptedBackend(), clock);
    }

    private static JsonNode[] run(Path dir, String suite, Map<String, String> parameters, ScriptedBackend backend,
                                  MutableClock clock) throws Exception {
        Path file = Files.writeString(dir.resolve("orders.sim.yaml"), suite);
        Map<String, String> env = Map.of(Constants.WEBHOOK_SECRET_ENV, SECRET);
        try (MockWebServer receiver = LoopbackServers.mockWebServer()) {
            receiver.enqueue(new MockResponse.Builder().code(204).build());
            receiver.start();
            Map<String, String> all = new HashMap<>(parameters);
            all.put(Constants.REPORT_DIR, dir.resolve("reports").toString());
            all.put(Constants.WEBHOOK_URL, receiver.url("/hook").toString());
            all.put(Constants.WEBHOOK_OUTBOX_DIR, dir.resolve("outbox").toString());
            EngineTestKit.engine(new CognigyTestEngine(new EngineServices(env::get, c -> backend, clock)
                            .withConsole(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))))
                    .configurationParameters(all).selectors(selectFile(file.toFile())).execute();
            RecordedRequest delivery = receiver.takeRequest(10, TimeUnit.SECONDS);
            assertThat(delivery).as("the run's payload").isNotNull();
            Path results;
            try (var files = Files.walk(dir.resolve("reports"))) {
                results = files.filter(f -> f.getFileName().toString().equals("results.json")).findFirst().orElseThrow();
            }
            ObjectMapper json = new ObjectMapper();
            return new JsonNode[] {json.readTree(delivery.getBody().utf8()), json.readTree(results.toFile())};
        }
    }

    @Test
    @DisplayName("a skipped result carries why as skip_reason after its outcome, as results.json does; a result that was not"
            + " skipped has no skip_reason key")
    void skipReasons(@TempDir Path dir) throws Exception {
        JsonNode[] written = run(dir, """
                version: 1
                conversations:
                  - id: test_conv
                    turns:
                      - say: hi
                        expect: { intent: escalate }
                      - say: where is my order
                        expect: { intent: check_order }
                """, Map.of());
        Map<String, JsonNode> byTest = new HashMap<>();
        written[0].get("detailed_results").forEach(r -> byTest.put(r.get("test_id").asString(), r));
        assertThat(byTest.get("test_conv#2").get("outcome").asString()).isEqualTo("skipped");
        assertThat(byTest.get("test_conv#2").propertyNames()).containsSubsequence("outcome", "skip_reason");
        Map<String, JsonNode> inResults = new HashMap<>();
        written[1].get("results").forEach(r -> inResults.put(r.get("test_id").asString(), r));
        assertThat(byTest.get("test_conv#2").get("skip_reason").asString()).isEqualTo("earlier_turn_failed")
                .isEqualTo(inResults.get("test_conv#2").get("skip_reason").asString());
        assertThat(byTest.get("test_conv#1").get("outcome").asString()).isEqualTo("failed");
        assertThat(byTest.get("test_conv#1").has("skip_reason")).isFalse();
    }

    @Test
    @DisplayName("a result carries its test's own time as duration_ms after its line, as results.json gives it; a skipped"
            + " result's is 0")
    void durations(@TempDir Path dir) throws Exception {
        MutableClock clock = new MutableClock();
        JsonNode[] written = run(dir, """
                version: 1
                conversations:
                  - id: test_conv
                    turns:
                      - say: hi
                        expect: { intent: escalate }
                      - say: where is my order
                        expect: { intent: check_order }
                """, Map.of(), new ScriptedBackend().answeringAfter(java.time.Duration.ofMillis(1_250), clock), clock);
        Map<String, JsonNode> byTest = new HashMap<>();
        written[0].get("detailed_results").forEach(r -> byTest.put(r.get("test_id").asString(), r));
        Map<String, JsonNode> inResults = new HashMap<>();
        written[1].get("results").forEach(r -> inResults.put(r.get("test_id").asString(), r));
        assertThat(byTest.get("test_conv#1").propertyNames()).containsSubsequence("line", "duration_ms", "message");
        assertThat(byTest.get("test_conv#1").get("duration_ms").asLong()).isEqualTo(1_250)
                .isEqualTo(inResults.get("test_conv#1").get("duration_ms").asLong());
        assertThat(byTest.get("test_conv#2").get("duration_ms").asLong()).isZero();
    }

    @Test
    @DisplayName("a result carries its test's external id after its test id, as results.json does; an unkeyed result has no"
            + " external_id key")
    void externalIds(@TempDir Path dir) throws Exception {
        JsonNode[] written = run(dir, """
                version: 1
                cases:
                  - id: test_keyed
                    utterance: hello there
                    external_id: BOT-123
                  - id: test_unkeyed
                    utterance: hello
                """, Map.of());
        Map<String, JsonNode> byTest = new HashMap<>();
        written[0].get("detailed_results").forEach(r -> byTest.put(r.get("test_id").asString(), r));
        assertThat(byTest.get("test_keyed").propertyNames()).startsWith("test_id", "external_id", "name");
        assertThat(byTest.get("test_keyed").get("external_id").asString()).isEqualTo("BOT-123")
                .isEqualTo(written[1].at("/results/0/external_id").asString());
        assertThat(byTest.get("test_unkeyed").has("external_id")).isFalse();
    }

    @Test
    @DisplayName("a suite that expects no flow: the payload says expected_flows 0 beside coverage 0.0, as results.json does,"
            + " and carries the run's run_id")
    void noExpectedFlowsAndTheRunId(@TempDir Path dir) throws Exception {
        JsonNode[] written = run(dir, """
                version: 1
                bot: order-bot
                cases:
                  - id: test_ok
                    utterance: hello there
                    expect: { intent: greeting }
                """, Map.of(Constants.RUN_ID, "ci-4711-1"));
        JsonNode payload = written[0];
        JsonNode results = written[1];
        assertThat(payload.get("run_id").asString()).isEqualTo("ci-4711-1");
        assertThat(payload.get("governance").asString()).isEqualTo("COMPLIANT");
        assertThat(payload.at("/batch_summary/expected_flows").asInt()).isZero()
                .isEqualTo(results.at("/flow_coverage/expected_flows").asInt());
        assertThat(payload.at("/batch_summary/coverage").asDouble()).isZero()
                .isEqualTo(results.at("/flow_coverage/ratio").asDouble());
    }

    @Test
    @DisplayName("a suite that expects flows: expected_flows counts them and coverage is the share reached, as in results.json;"
            + " without a run id, run_id is null")
    void expectedFlowsCounted(@TempDir Path dir) throws Exception {
        JsonNode[] written = run(dir, """
                version: 1
                bot: order-bot
                flows: [flow_greeting, flow_refund]
                cases:
                  - id: test_ok
                    utterance: hello there
                    expect: { intent: greeting }
                """, Map.of());
        JsonNode payload = written[0];
        JsonNode results = written[1];
        assertThat(payload.has("run_id")).isTrue();
        assertThat(payload.get("run_id").isNull()).isTrue();
        assertThat(payload.at("/batch_summary/expected_flows").asInt()).isEqualTo(2)
                .isEqualTo(results.at("/flow_coverage/expected_flows").asInt());
        assertThat(payload.at("/batch_summary/coverage").asDouble()).isEqualTo(0.5)
                .isEqualTo(results.at("/flow_coverage/ratio").asDouble());
    }
}
