package dev.botsim.cognigy.engine;

import dev.botsim.cognigy.engine.config.Constants;
import static dev.botsim.cognigy.engine.EngineTestSupport.kit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClasspathResource;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;

import dev.botsim.cognigy.engine.audit.AuditVerifier;

class AuditRunTest {

    private static final String SECRET = "whsec_" + java.util.Base64.getEncoder().encodeToString(
            "a-webhook-key-of-32-bytes-long!!".getBytes(java.nio.charset.StandardCharsets.UTF_8));

    /** A webhook receiver answering every delivery with {@code code}. */
    private static mockwebserver3.MockWebServer receiver(int code) throws java.io.IOException {
        mockwebserver3.MockWebServer receiver = new mockwebserver3.MockWebServer();
        receiver.setDispatcher(new mockwebserver3.Dispatcher() {
            @Override
            public mockwebserver3.MockResponse dispatch(mockwebserver3.RecordedRequest request) {
                return new mockwebserver3.MockResponse.Builder().code(code).build();
            }
        });
        receiver.start();
        return receiver;
    }

    @Test
    @DisplayName("each run appends a verifiable record with the data files' hashes, outcomes and verdict")
    void recordPerRun(@TempDir Path dir) throws Exception {
        Path audit = dir.resolve("audit/trail.jsonl");
        for (int i = 0; i < 2; i++) {
            kit(new ScriptedBackend()).configurationParameter(Constants.AUDIT_FILE, audit.toString())
                    .selectors(selectClasspathResource("fixtures/standalone/orders.sim.yaml")).execute();
        }
        AuditVerifier.Result result = AuditVerifier.verify(audit);
        assertThat(result.ok()).isTrue();
        assertThat(result.records()).isEqualTo(2);
        String record = Files.readAllLines(audit).get(1);
        assertThat(record).contains("\"type\":\"BATCH\"", "\"governance\":\"REVIEW_REQUIRED\"", "\"total\":3",
                "\"fixtures/standalone/orders.sim.yaml\":\"", "\"backend\":\"scripted\"");
    }

    @Test
    @DisplayName("a partial line an interrupted write left is kept in a TRUNCATED_TAIL record, and the run's console says so")
    void quarantineIsSaid(@TempDir Path dir) throws Exception {
        Path audit = dir.resolve("trail.jsonl");
        new dev.botsim.cognigy.engine.audit.AuditTrail(audit).append("BATCH", java.util.Map.of("batch_id", "batch_before"));
        Files.writeString(audit, "{\"seq\":1,\"prev_h", java.nio.file.StandardOpenOption.APPEND);
        java.io.ByteArrayOutputStream console = new java.io.ByteArrayOutputStream();
        org.junit.platform.testkit.engine.EngineTestKit.engine(new CognigyTestEngine(new dev.botsim.cognigy.engine.execution.EngineServices(
                        java.util.Map.<String, String>of()::get, config -> new ScriptedBackend(), java.time.Clock.systemUTC())
                        .withConsole(new java.io.PrintStream(console, true, java.nio.charset.StandardCharsets.UTF_8))))
                .configurationParameter(Constants.REPORT_DIR, dir.resolve("reports").toString())
                .configurationParameter(Constants.AUDIT_FILE, audit.toString())
                .selectors(selectClasspathResource("fixtures/standalone/orders.sim.yaml")).execute();
        assertThat(console.toString(java.nio.charset.StandardCharsets.UTF_8))
                .contains("[cognigy] WARNING audit: 16 bytes an interrupted write left at the end of " + audit.toAbsolutePath()
                        + " were kept in TRUNCATED_TAIL record 1")
                .contains("[cognigy] audit: record 2 appended");
        assertThat(AuditVerifier.verify(audit).records()).isEqualTo(3);
    }

    @Test
    @DisplayName("S5: an utterance carrying a newline and JSON stays one escaped field: the record count is unchanged")
    void injectionInUtterance(@TempDir Path dir) throws Exception {
        Path audit = dir.resolve("trail.jsonl");
        new dev.botsim.cognigy.engine.audit.AuditTrail(audit).append("BATCH", java.util.Map.of("utterance", "hi\n{\"fake\":1}"));
        assertThat(Files.readAllLines(audit)).hasSize(1).first().asString().contains("hi\\n{\\\"fake\\\":1}");
        assertThat(AuditVerifier.verify(audit).records()).isEqualTo(1);
    }

    @Test
    @DisplayName("S4: a webhook without its secret fails the run once, naming the variable to set")
    void webhookSecretMissing() {
        EngineExecutionResults results = kit(new ScriptedBackend())
                .configurationParameter(Constants.WEBHOOK_URL, "http://127.0.0.1:9/hook")
                .selectors(selectClasspathResource("fixtures/standalone/orders.sim.yaml")).execute();
        results.testEvents().assertStatistics(stats -> stats.started(0));
        Throwable failure = results.containerEvents().failed().stream().findFirst().orElseThrow()
                .getPayload(TestExecutionResult.class).orElseThrow().getThrowable().orElseThrow();
        assertThat(failure).hasMessageContaining("COGNIGY_WEBHOOK_SECRET");
    }

    @Test
    @DisplayName("a run of tests picked one by one (an IDE's run, Surefire's rerun of failures) is marked partial in its audit"
            + " record, webhook payload and results.json, so neither the trail nor the QA platform takes it for the suite's run;"
            + " the whole file's run is not")
    void pickedOneByOneIsMarkedPartial(@TempDir Path dir) throws Exception {
        Path audit = dir.resolve("trail.jsonl");
        try (mockwebserver3.MockWebServer receiver = receiver(204)) {
            java.util.function.Consumer<org.junit.platform.engine.DiscoverySelector> run = selector -> org.junit.platform.testkit.engine
                    .EngineTestKit.engine(new CognigyTestEngine(new dev.botsim.cognigy.engine.execution.EngineServices(
                            java.util.Map.of(Constants.WEBHOOK_SECRET_ENV, SECRET)::get, config -> new ScriptedBackend(),
                            java.time.Clock.systemUTC())))
                    .configurationParameter(Constants.REPORT_DIR, dir.resolve("reports").toString())
                    .configurationParameter(Constants.AUDIT_FILE, audit.toString())
                    .configurationParameter(Constants.WEBHOOK_URL, receiver.url("/hook").toString())
                    .configurationParameter(Constants.WEBHOOK_OUTBOX_DIR, dir.resolve("outbox").toString())
                    .selectors(selector).execute();
            run.accept(org.junit.platform.engine.discovery.DiscoverySelectors.selectUniqueId(org.junit.platform.engine.UniqueId
                    .forEngine("cognigy").append("file", "fixtures/standalone/orders.sim.yaml").append("case", "test_yaml_greeting")));
            run.accept(selectClasspathResource("fixtures/standalone/orders.sim.yaml"));

            java.util.List<String> records = Files.readAllLines(audit);
            assertThat(records).hasSize(2);
            assertThat(records.get(0)).contains("\"partial\":true", "\"total\":1");
            assertThat(records.get(1)).doesNotContain("\"partial\"").contains("\"total\":3");
            assertThat(AuditVerifier.verify(audit).ok()).isTrue();
            assertThat(receiver.getRequestCount()).as("one delivery per run").isEqualTo(2);
            String picked = receiver.takeRequest().getBody().utf8();
            String whole = receiver.takeRequest().getBody().utf8();
            assertThat(picked).contains("\"partial\":true");
            assertThat(whole).doesNotContain("\"partial\"");
        }
        assertThat(Files.readString(dir.resolve("reports/partial/results.json"))).contains("\"partial\" : true");
        assertThat(Files.readString(dir.resolve("reports/results.json"))).doesNotContain("\"partial\"");
        assertThat(Files.readString(dir.resolve("reports/partial/index.html"))).contains("tests picked one by one: their"
                + " verdict and coverage, not the suite's");
        assertThat(Files.readString(dir.resolve("reports/index.html"))).doesNotContain("picked one by one");
    }

    @Test
    @DisplayName("W8: a payload neither delivered (the receiver is down) nor spooled (the outbox cannot be written) fails the"
            + " run, and the console never claims a delivery")
    void webhookPayloadLost(@TempDir Path dir) throws Exception {
        // Below a file: a folder the run cannot create (an outbox naming a file is refused with the configuration).
        Path notADirectory = Files.writeString(dir.resolve("blocker"), "x").resolve("outbox");
        java.io.ByteArrayOutputStream console = new java.io.ByteArrayOutputStream();
        try (mockwebserver3.MockWebServer receiver = receiver(500)) {
            EngineExecutionResults results = org.junit.platform.testkit.engine.EngineTestKit.engine(new CognigyTestEngine(
                            new dev.botsim.cognigy.engine.execution.EngineServices(java.util.Map.of(Constants.WEBHOOK_SECRET_ENV, SECRET)::get,
                                    config -> new ScriptedBackend(), java.time.Clock.systemUTC())
                                    .withConsole(new java.io.PrintStream(console, true, java.nio.charset.StandardCharsets.UTF_8))))
                    .configurationParameter(Constants.REPORT_DIR, dir.resolve("reports").toString())
                    .configurationParameter(Constants.WEBHOOK_URL, receiver.url("/hook").toString())
                    .configurationParameter(Constants.WEBHOOK_OUTBOX_DIR, notADirectory.toString())
                    .configurationParameter(Constants.WEBHOOK_MAX_ATTEMPTS, "2")
                    .configurationParameter(Constants.WEBHOOK_BUDGET, "2s")
                    .selectors(selectClasspathResource("fixtures/standalone/orders.sim.yaml")).execute();
            assertThat(receiver.getRequestCount()).isEqualTo(2);
            Throwable failure = results.containerEvents().failed().stream().findFirst().orElseThrow()
                    .getPayload(TestExecutionResult.class).orElseThrow().getThrowable().orElseThrow();
            assertThat(failure).hasMessageContaining("neither delivered").hasMessageContaining("will not receive this run");
        }
        assertThat(console.toString(java.nio.charset.StandardCharsets.UTF_8)).contains("cannot be written")
                .doesNotContainPattern("webhook: delivered msg_");
    }

    @Test
    @DisplayName("A6: an audit trail that cannot be written fails the run loudly")
    void unwritable(@TempDir Path dir) throws Exception {
        Path blocker = Files.writeString(dir.resolve("not-a-directory"), "x");
        EngineExecutionResults results = kit(new ScriptedBackend())
                .configurationParameter(Constants.AUDIT_FILE, blocker.resolve("trail.jsonl").toString())
                .selectors(selectClasspathResource("fixtures/standalone/orders.sim.yaml")).execute();
        Throwable failure = results.containerEvents().failed().stream().findFirst().orElseThrow()
                .getPayload(TestExecutionResult.class).orElseThrow().getThrowable().orElseThrow();
        assertThat(failure).hasMessageContaining("could not be written").hasMessageContaining("cannot count as compliant");
    }
}
