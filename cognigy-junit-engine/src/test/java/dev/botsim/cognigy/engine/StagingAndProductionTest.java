package dev.botsim.cognigy.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectFile;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineTestKit;

import dev.botsim.cognigy.engine.backend.factory.Backends;
import dev.botsim.cognigy.engine.config.Constants;
import dev.botsim.cognigy.engine.execution.EngineServices;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One suite run by two CI jobs, one against the staging tenant's endpoints and one against production's, the URLs in
 * each job's environment: without the management API, nothing but where the messages went tells the two runs apart.
 * Each run's results.json, audit record and webhook payload name it — the hosts, each URL token as {@code ****} — and
 * the payload names the bot and backend; no token is written anywhere.
 */
class StagingAndProductionTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String SUITE = """
            version: 1
            bot: support
            cases:
              - id: test_reset_en
                utterance: reset my password
                locale: en-US
                expect: { intent: reset_password }
              - id: test_reset_de
                utterance: Passwort zuruecksetzen
                locale: de-DE
                expect: { intent: reset_password }
            """;

    @TempDir
    Path dir;

    @Test
    @DisplayName("a staging run and a production run of one suite (two locales each): results.json, the audit record and the"
            + " webhook payload each name the endpoints the run sent to, their tokens masked (index.html in its header), and"
            + " the payload the bot and backend; the two runs differ there, and no URL token appears in any of them")
    void environmentsNamed() throws Exception {
        Path suite = Files.writeString(dir.resolve("support.sim.yaml"), SUITE);
        List<String> tokens = List.of("5ta9e0en0c0ffee0123456789abcdef01", "5ta9e0de0c0ffee0123456789abcdef01",
                "9r0d00en0c0ffee0123456789abcdef01", "9r0d00de0c0ffee0123456789abcdef01");
        try (MockWebServer stagingEn = endpoint(); MockWebServer stagingDe = endpoint(); MockWebServer productionEn = endpoint();
             MockWebServer productionDe = endpoint(); MockWebServer receiver = LoopbackServers.mockWebServer()) {
            for (int i = 0; i < 2; i++) receiver.enqueue(new MockResponse.Builder().code(204).build());
            receiver.start();
            String console = run("staging", suite, stagingEn.url("/test/" + tokens.get(0)).toString(),
                    stagingDe.url("/" + tokens.get(1)).toString(), receiver)
                    + run("production", suite, productionEn.url("/" + tokens.get(2)).toString(),
                    productionDe.url("/" + tokens.get(3)).toString(), receiver);

            Map<String, String> staging = Map.of("endpoint", base(stagingEn) + "test/****", "endpoint de-DE", base(stagingDe) + "****");
            Map<String, String> production = Map.of("endpoint", base(productionEn) + "****", "endpoint de-DE", base(productionDe) + "****");
            JsonNode stagingResults = JSON.readTree(dir.resolve("staging/results.json").toFile());
            JsonNode productionResults = JSON.readTree(dir.resolve("production/results.json").toFile());
            assertThat(target(stagingResults)).isEqualTo(staging);
            assertThat(target(productionResults)).isEqualTo(production);
            assertThat(stagingResults.path("summary").path("passed").asInt()).isEqualTo(2);

            assertThat(Files.readString(dir.resolve("staging/index.html"))).contains("sent to endpoint " + base(stagingEn)
                    + "test/****, endpoint de-DE " + base(stagingDe) + "****");

            List<String> audit = Files.readAllLines(dir.resolve("audit.jsonl"));
            assertThat(audit).hasSize(2);
            assertThat(target(JSON.readTree(audit.get(0)))).isEqualTo(staging);
            assertThat(target(JSON.readTree(audit.get(1)))).isEqualTo(production);

            JsonNode stagingPayload = JSON.readTree(receiver.takeRequest().getBody().utf8());
            JsonNode productionPayload = JSON.readTree(receiver.takeRequest().getBody().utf8());
            assertThat(target(stagingPayload)).isEqualTo(staging);
            assertThat(target(productionPayload)).isEqualTo(production);
            assertThat(stagingPayload.path("bot").asString()).isEqualTo("support");
            assertThat(stagingPayload.path("backend").asString()).isEqualTo("endpoint");

            String written = Files.readString(dir.resolve("staging/results.json")) + Files.readString(dir.resolve("production/results.json"))
                    + String.join("\n", audit) + stagingPayload + productionPayload + console
                    + Files.readString(dir.resolve("staging/index.html")) + Files.readString(dir.resolve("production/index.html"));
            for (String token : tokens) assertThat(written).doesNotContain(token).doesNotContain(token.toUpperCase(java.util.Locale.ROOT));
        }
    }

    /** One CI job's run: its endpoints in its environment, its reports in {@code dir/name}, the audit trail and receiver shared. */
    private String run(String name, Path suite, String url, String germanUrl, MockWebServer receiver) {
        Map<String, String> environment = Map.of(Constants.ENDPOINT_URL_ENV, url, "COGNIGY_ENDPOINT_URL_DE_DE", germanUrl,
                Constants.WEBHOOK_SECRET_ENV, "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        EngineServices services = new EngineServices(environment::get, Backends::create, Clock.systemUTC())
                .withConsole(new java.io.PrintStream(console, true, StandardCharsets.UTF_8));
        EngineTestKit.engine(new CognigyTestEngine(services))
                .configurationParameter(Constants.BACKEND, "endpoint")
                .configurationParameter(Constants.REPORT_DIR, dir.resolve(name).toString())
                .configurationParameter(Constants.AUDIT_FILE, dir.resolve("audit.jsonl").toString())
                .configurationParameter(Constants.WEBHOOK_URL, receiver.url("/hook").toString())
                .configurationParameter(Constants.WEBHOOK_OUTBOX_DIR, dir.resolve(name + "-outbox").toString())
                .selectors(selectFile(suite.toFile())).execute()
                .testEvents().assertStatistics(stats -> stats.succeeded(2));
        return console.toString(StandardCharsets.UTF_8);
    }

    private static Map<String, String> target(JsonNode node) {
        Map<String, String> target = new java.util.TreeMap<>();
        node.path("target").properties().forEach(e -> target.put(e.getKey(), e.getValue().asString()));
        return target;
    }

    private static String base(MockWebServer server) {
        return "http://" + server.getHostName() + ":" + server.getPort() + "/";
    }

    /** A REST Endpoint recognising every message as reset_password. */
    static MockWebServer endpoint() throws java.io.IOException {
        MockWebServer server = LoopbackServers.mockWebServer();
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json").body("""
                        {"outputStack":[{"text":"ok","data":{},"traceId":"endpoint-httpIncomingMessage-1","source":"bot"},
                         {"text":null,"data":{"intent":"reset_password","intentScore":0.9,"flowName":"Support Main","slots":{}},
                          "traceId":"endpoint-httpIncomingMessage-1","source":"bot"}],"userId":"u","sessionId":"s"}""").build();
            }
        });
        server.start();
        return server;
    }
}
