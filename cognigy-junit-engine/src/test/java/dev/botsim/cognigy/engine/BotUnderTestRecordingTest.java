package dev.botsim.cognigy.engine;

import static dev.botsim.cognigy.engine.backend.management.ManagementApiFake.KEY;
import static dev.botsim.cognigy.engine.backend.management.ManagementApiFake.MAIN_REF;
import static dev.botsim.cognigy.engine.backend.management.ManagementApiFake.TOKEN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Map;

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
import dev.botsim.cognigy.engine.config.Constants;
import dev.botsim.cognigy.engine.execution.EngineServices;
import dev.botsim.cognigy.engine.fixtures.ManagedEndpointSimulation;
import dev.botsim.cognigy.spi.BotUnderTest;
import dev.botsim.cognigy.spi.Outcome;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Item 6 and 13 end to end: the engine configured for a REST endpoint with the management API resolves the bot
 * the endpoint serves and records it in the listeners' run, results.json, the audit record and the webhook payload;
 * an endpoint serving another snapshot than expected fails the run before any test.
 */
class BotUnderTestRecordingTest {

    private static final String WEBHOOK_SECRET = "whsec_" + Base64.getEncoder()
            .encodeToString("wh-key-of-at-least-24-bytes!".getBytes(StandardCharsets.UTF_8));
    private final ManagementApiFake tenant = new ManagementApiFake();
    private final MockWebServer server = LoopbackServers.mockWebServer();
    private final MockWebServer receiver = LoopbackServers.mockWebServer();
    private final JsonMapper json = JsonMapper.builder().build();

    @BeforeEach
    void start() throws Exception {
        server.setDispatcher(tenant);
        server.start();
        receiver.start();
    }

    @AfterEach
    void stop() {
        server.close();
        receiver.close();
    }

    private EngineExecutionResults run(Path dir, RecordingListener listener, Map<String, String> parameters) {
        Map<String, String> env = Map.of(Constants.ENDPOINT_URL_ENV, server.url("/" + TOKEN).toString(),
                Constants.MANAGEMENT_API_KEY_ENV, KEY, Constants.WEBHOOK_SECRET_ENV, WEBHOOK_SECRET);
        CognigyTestEngine engine = new CognigyTestEngine(new EngineServices(env::get, Backends::create, Clock.systemUTC())
                .withListeners(listener));
        EngineTestKit.Builder kit = EngineTestKit.engine(engine).configurationParameter(Constants.BACKEND, "endpoint")
                .configurationParameter(Constants.MANAGEMENT_URL, server.url("/").toString())
                .configurationParameter(Constants.MANAGEMENT_PROJECT_ID, ManagementApiFake.PROJECT)
                .configurationParameter(Constants.REPORT_DIR, dir.resolve("reports").toString())
                .configurationParameter(Constants.AUDIT_FILE, dir.resolve("audit.jsonl").toString())
                .configurationParameter(Constants.WEBHOOK_URL, receiver.url("/hook").toString())
                .configurationParameter(Constants.WEBHOOK_OUTBOX_DIR, dir.resolve("outbox").toString())
                .configurationParameter(Constants.WEBHOOK_BUDGET, "5s");
        parameters.forEach(kit::configurationParameter);
        return kit.selectors(selectClass(ManagedEndpointSimulation.class)).execute();
    }

    @Test
    @DisplayName("item 6: project, endpoint, flow, locale and snapshot reach the run info, results.json, the audit record and"
            + " the webhook payload; the URL token reaches none of them")
    void recorded(@TempDir Path dir) throws Exception {
        tenant.endpoint.put("entrypoint", "snap14");
        receiver.enqueue(new MockResponse.Builder().code(200).build());
        RecordingListener listener = new RecordingListener();
        EngineExecutionResults results = run(dir, listener, Map.of(Constants.EXPECTED_SNAPSHOT, "v1.4"));

        results.testEvents().assertStatistics(stats -> stats.started(2).succeeded(1).failed(1));
        BotUnderTest bot = listener.runs.get(0).bot().underTest();
        assertThat(bot).isEqualTo(BotUnderTest.builder().projectId("proj1").projectName("Order Bot")
                .endpointName("cognigy-junit tests").flowName("Main Flow").flowReferenceId(MAIN_REF).locale("en-US")
                .localeReferenceId(ManagementApiFake.LOCALE_REF).snapshotId("snap14").snapshotName("v1.4").build());

        String report = Files.readString(dir.resolve("reports/results.json"));
        String audit = Files.readAllLines(dir.resolve("audit.jsonl")).get(0);
        String payload = receiver.takeRequest().getBody().utf8();
        for (String written : List.of(report, audit, payload)) {
            JsonNode recorded = json.readTree(written).path("bot_under_test");
            assertThat(recorded.path("project").asString()).isEqualTo("Order Bot");
            assertThat(recorded.path("endpoint").asString()).isEqualTo("cognigy-junit tests");
            assertThat(recorded.path("flow").asString()).isEqualTo("Main Flow");
            assertThat(recorded.path("flow_reference_id").asString()).isEqualTo(MAIN_REF);
            assertThat(recorded.path("locale").asString()).isEqualTo("en-US");
            assertThat(recorded.path("snapshot").asString()).isEqualTo("v1.4");
            assertThat(recorded.path("snapshot_id").asString()).isEqualTo("snap14");
            assertThat(written).doesNotContain(TOKEN).doesNotContain(KEY);
        }
    }

    @Test
    @DisplayName("item 13: an endpoint serving the live project when a snapshot is expected fails the run before any test,"
            + " with one message naming both")
    void unexpectedSnapshot(@TempDir Path dir) {
        RecordingListener listener = new RecordingListener();
        EngineExecutionResults results = run(dir, listener, Map.of(Constants.EXPECTED_SNAPSHOT, "v1.4"));

        results.testEvents().assertStatistics(stats -> stats.started(0));
        assertThat(tenant.requests).as("nothing sent to the endpoint").noneMatch(r -> r.getUrl().encodedPath().equals("/" + TOKEN));
        Throwable failure = results.containerEvents().failed().stream().findFirst().orElseThrow()
                .getPayload(TestExecutionResult.class).orElseThrow().getThrowable().orElseThrow();
        assertThat(failure.getMessage()).contains("cognigy.expected-snapshot=v1.4", "serves the live project")
                .doesNotContain(TOKEN);
        assertThat(listener.runs).isEmpty();
    }

    @Test
    @DisplayName("item 1: an entity named in another case than Cognigy names the slot fails as MISCONFIGURATION before"
            + " anything is sent; the run's bot carries Cognigy's names")
    void caseSensitiveEntity(@TempDir Path dir) {
        receiver.enqueue(new MockResponse.Builder().code(200).build());
        RecordingListener listener = new RecordingListener();
        run(dir, listener, Map.of());
        assertThat(listener.runs.get(0).bot().entities()).contains("NUMBER", "DATE", "order_id").doesNotContain("number");
        assertThat(listener.finished).filteredOn(r -> r.outcome() == Outcome.MISCONFIGURATION).singleElement()
                .satisfies(r -> assertThat(r.message()).contains("the bot has no entity number", "NUMBER"));
        assertThat(tenant.requests.stream().filter(r -> r.getUrl().encodedPath().equals("/" + TOKEN))).hasSize(1);
    }
}
