package dev.botsim.cognigy.engine.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.botsim.cognigy.engine.LoopbackServers;
import dev.botsim.cognigy.engine.MutableClock;
import dev.botsim.cognigy.engine.config.WebhookSettings;
import dev.botsim.cognigy.engine.transport.VirtualTicker;
import dev.botsim.cognigy.spi.Governance;
import dev.botsim.cognigy.spi.Outcome;
import dev.botsim.cognigy.spi.RunInfo;
import dev.botsim.cognigy.spi.RunSummary;
import dev.botsim.cognigy.spi.SimulationRecord;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import tools.jackson.databind.json.JsonMapper;

/**
 * A QA platform's signature check written from the words of docs/webhook.md's "Signature (Standard Webhooks)" and
 * configuration table alone, run against a real signed delivery: the secrets separated by spaces, each {@code whsec_}
 * followed by base64 (the prefix may be left out), the key the base64-decoded part after it; {@code webhook-signature}
 * holds space-separated {@code v1,<base64 HMAC-SHA256 of "id.timestamp.body">}, one per secret; {@code webhook-id} is
 * {@code msg_<batch_id>}; {@code webhook-timestamp} is in seconds.
 */
class WebhookPageVerifierTest {

    /** The new secret first, the old one after it, as the page's rotation advice writes them; the old without its prefix. */
    private static final String NEW_SECRET = "whsec_C2FuZGJveC1zaWduaW5nLWtleS1vZi0zMi1ieXRlcyE=";
    private static final String OLD_SECRET = "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    private final MockWebServer receiver = LoopbackServers.mockWebServer();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-24T13:55:32Z"));

    @BeforeEach
    void start() throws Exception {
        receiver.start();
    }

    @AfterEach
    void stop() {
        receiver.close();
    }

    @Test
    @DisplayName("a receiver holding either secret verifies a real delivery from the page's recipe alone, and refuses the"
            + " same delivery with one byte of its body changed or under another id")
    void verifiesFromThePageAlone(@TempDir Path dir) throws Exception {
        receiver.enqueue(new MockResponse.Builder().code(204).build());
        String url = receiver.url("/hooks/cognigy").toString();
        String secrets = NEW_SECRET + " " + OLD_SECRET;
        WebhookDelivery delivery = new WebhookDelivery(WebhookSettings.defaults().withUrl(url).withTimeout(Duration.ofSeconds(2))
                .withMaxAttempts(1), new WebhookSigner(secrets), clock, clock::advance,
                VirtualTicker.of(clock));
        Webhook webhook = new Webhook("proj_12345", new Outbox(dir.resolve("outbox"), secrets, url), delivery,
                Duration.ofSeconds(60), clock, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        RunInfo run = RunInfo.builder().batchId("batch_954eced5b451").started(clock.instant()).backend("sandbox")
                .botName("order-bot").plannedTests(1).build();
        SimulationRecord passed = SimulationRecord.builder().uniqueId("u_1").testId("test_order_check")
                .displayName("I need to check my recent order ORD_99 – ✓").source("simulations/orders.sim.yaml").line(15)
                .utterance("I need to check my recent order ORD_99").outcome(Outcome.PASSED).duration(Duration.ofMillis(842)).build();
        RunSummary summary = RunSummary.builder().outcomes(Map.of(Outcome.PASSED, 1L)).total(1).passRate(1.0)
                .governance(Governance.COMPLIANT).flowCoverage(1.0).build();

        assertThat(webhook.send(run, List.of(passed), summary)).isEmpty();
        RecordedRequest request = receiver.takeRequest(5, TimeUnit.SECONDS);
        assertThat(request).isNotNull();
        String id = request.getHeaders().get("webhook-id");
        String timestamp = request.getHeaders().get("webhook-timestamp");
        String signature = request.getHeaders().get("webhook-signature");
        byte[] body = request.getBody().toByteArray();
        assertThat(request.getMethod()).isEqualTo("POST");
        assertThat(request.getHeaders().get("Content-Type")).isEqualTo("application/json");

        assertThat(verifies(NEW_SECRET, id, timestamp, signature, body)).isTrue();
        assertThat(verifies(OLD_SECRET, id, timestamp, signature, body)).isTrue();
        assertThat(verifies("whsec_" + OLD_SECRET, id, timestamp, signature, body)).isTrue();
        assertThat(signature.split(" ")).hasSize(2).allMatch(s -> s.startsWith("v1,"));
        assertThat(Long.parseLong(timestamp)).isEqualTo(clock.instant().getEpochSecond());
        assertThat(id).isEqualTo("msg_" + JsonMapper.builder().build().readTree(body).path("batch_id").asString());

        byte[] tampered = body.clone();
        tampered[tampered.length / 2] ^= 1;
        assertThat(verifies(NEW_SECRET, id, timestamp, signature, tampered)).isFalse();
        assertThat(verifies(NEW_SECRET, "msg_batch_other", timestamp, signature, body)).isFalse();
        assertThat(verifies("whsec_" + Base64.getEncoder().encodeToString(new byte[32]), id, timestamp, signature, body)).isFalse();
    }

    /** The page's recipe: the key is the base64 after {@code whsec_}; the signature {@code v1,} and the base64 HMAC. */
    private static boolean verifies(String secret, String id, String timestamp, String header, byte[] body) throws Exception {
        byte[] key = Base64.getDecoder().decode(secret.startsWith("whsec_") ? secret.substring("whsec_".length()) : secret);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
        byte[] expected = mac.doFinal(body);
        List<byte[]> given = new ArrayList<>();
        for (String candidate : header.split(" ")) {
            if (candidate.startsWith("v1,")) given.add(Base64.getDecoder().decode(candidate.substring(3)));
        }
        return given.stream().anyMatch(g -> MessageDigest.isEqual(g, expected));
    }
}
