package dev.botsim.cognigy.engine.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.botsim.cognigy.engine.LoopbackServers;
import dev.botsim.cognigy.engine.MutableClock;
import dev.botsim.cognigy.engine.config.WebhookSettings;
import dev.botsim.cognigy.spi.Governance;
import dev.botsim.cognigy.spi.Outcome;
import dev.botsim.cognigy.spi.RunInfo;
import dev.botsim.cognigy.spi.RunSummary;
import dev.botsim.cognigy.spi.SimulationRecord;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

/** The webhook payload as a receiver's strict JSON reader takes it, whatever the bot answered. */
class InteroperableWebhookTest {

    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    private final MockWebServer receiver = LoopbackServers.mockWebServer();
    private final MutableClock clock = new MutableClock();

    @BeforeEach
    void start() throws Exception {
        receiver.start();
    }

    @AfterEach
    void stop() {
        receiver.close();
    }

    @Test
    @DisplayName("half a surrogate pair from the bot is U+FFFD in the webhook payload, never an escape jq refuses, and a"
            + " coverage JSON has no number for is null; the signature is over the bytes sent")
    void loneSurrogatesAndInfinity(@TempDir Path dir) throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/jq")), "jq is not installed: check skipped");
        receiver.enqueue(new MockResponse.Builder().code(204).build());
        String url = receiver.url("/hooks/cognigy").toString();
        WebhookDelivery delivery = new WebhookDelivery(WebhookSettings.defaults().withUrl(url).withTimeout(Duration.ofSeconds(2))
                .withMaxAttempts(1), new WebhookSigner(SECRET), clock, clock::advance,
                dev.botsim.cognigy.engine.transport.VirtualTicker.of(clock));
        Webhook webhook = new Webhook("proj_1", new Outbox(dir.resolve("outbox"), SECRET, url), delivery, Duration.ofSeconds(60), clock,
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        RunInfo run = RunInfo.builder().batchId("batch_io").started(Instant.EPOCH).backend("sandbox").botName("order-bot")
                .plannedTests(1).build();
        SimulationRecord cut = SimulationRecord.builder().uniqueId("u_cut").testId("test_cut").displayName("where is my order")
                .source("orders.sim.yaml").line(3).utterance("where is my order").outcome(Outcome.FAILED)
                .message("expected \"your order 📦\" but the bot said \"your order \ud83d\"").duration(Duration.ofMillis(5)).build();
        RunSummary summary = RunSummary.builder().outcomes(Map.of(Outcome.FAILED, 1L)).total(1).passRate(0.0)
                .governance(Governance.REVIEW_REQUIRED).flowCoverage(Double.POSITIVE_INFINITY).build();

        assertThat(webhook.send(run, List.of(cut), summary)).isEmpty();
        RecordedRequest request = receiver.takeRequest(5, TimeUnit.SECONDS);
        byte[] body = request.getBody().toByteArray();
        String json = new String(body, StandardCharsets.UTF_8);
        assertThat(json).doesNotContainIgnoringCase("\\ud83d").doesNotContain("Infinity");
        assertThat(request.getHeaders().get("webhook-signature")).isEqualTo(new WebhookSigner(SECRET).sign(request.getHeaders()
                .get("webhook-id"), Long.parseLong(request.getHeaders().get("webhook-timestamp")), body));

        Path received = dir.resolve("received.json");
        Files.write(received, body);
        Process jq = new ProcessBuilder("/usr/bin/jq", "-e", ".detailed_results[0].message | endswith(\"your order \\ufffd\\\"\")",
                received.toString()).redirectErrorStream(true).start();
        String said = new String(jq.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(jq.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(jq.exitValue()).as(json + said).isZero();
        Process coverage = new ProcessBuilder("/usr/bin/jq", "-e", ".batch_summary.coverage == null", received.toString()).start();
        assertThat(coverage.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(coverage.exitValue()).as(json).isZero();
    }
}
