package dev.botsim.cognigy.engine.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.botsim.cognigy.engine.MutableClock;
import dev.botsim.cognigy.spi.Outcome;
import dev.botsim.cognigy.spi.RunInfo;
import dev.botsim.cognigy.spi.RunSummary;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

class WebhookTest {

    private static final String VECTOR_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String SECOND_SECRET = "whsec_" + java.util.Base64.getEncoder().encodeToString("another-key-of-32-bytes-length!!".getBytes(StandardCharsets.UTF_8));

    private final MockWebServer receiver = new MockWebServer();
    private final List<Duration> slept = new ArrayList<>();
    private final ByteArrayOutputStream console = new ByteArrayOutputStream();
    private final MutableClock clock = new MutableClock();

    @BeforeEach
    void start() throws Exception {
        receiver.start();
    }

    @AfterEach
    void stop() {
        receiver.close();
    }

    private Webhook webhook(Path outbox, String secrets) {
        WebhookDelivery delivery = new WebhookDelivery(receiver.url("/hooks/cognigy").toString(), new WebhookSigner(secrets),
                Duration.ofSeconds(2), 4, Duration.ofSeconds(60), clock, d -> {
                    slept.add(d);
                    clock.advance(d);
                });
        return new Webhook("proj_1", new Outbox(outbox), delivery, clock, new PrintStream(console, true, StandardCharsets.UTF_8));
    }

    private static RunInfo run(String batch) {
        return new RunInfo(batch, Instant.EPOCH, "sandbox", "order-bot", List.of("flow_a"), 2, Map.of());
    }

    private static RunSummary summary() {
        return new RunSummary(Map.of(Outcome.PASSED, 1L, Outcome.FAILED, 1L), 2, 0.5, "REVIEW_REQUIRED", 1.0, Map.of("flow_a", 2L),
                Double.NaN, Double.NaN, new RunSummary.AuditCheckpoint("ab".repeat(32), 7));
    }

    private static MockResponse status(int code) {
        return new MockResponse.Builder().code(code).build();
    }

    @Test
    @DisplayName("W1: the Standard Webhooks known-answer vector signs byte for byte")
    void knownVector() {
        assertThat(new WebhookSigner(VECTOR_SECRET).sign("msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330,
                "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    }

    @Test
    @DisplayName("W9/W10: the raw bytes received verify, with one signature per secret during a rotation")
    void signedRawBytesAndRotation(@TempDir Path dir) throws Exception {
        receiver.enqueue(status(204));
        assertThat(webhook(dir, VECTOR_SECRET + " " + SECOND_SECRET).send(run("batch_1"), List.of(), summary())).isEmpty();
        RecordedRequest request = receiver.takeRequest();
        byte[] body = request.getBody().toByteArray();
        String id = request.getHeaders().get("webhook-id");
        long timestamp = Long.parseLong(request.getHeaders().get("webhook-timestamp"));
        String[] signatures = request.getHeaders().get("webhook-signature").split(" ");
        assertThat(signatures).containsExactly(new WebhookSigner(VECTOR_SECRET).sign(id, timestamp, body),
                new WebhookSigner(SECOND_SECRET).sign(id, timestamp, body));
        String json = new String(body, StandardCharsets.UTF_8);
        assertThat(json).contains("\"project_id\":\"proj_1\"", "\"total_tests\":2", "\"passed\":1", "\"failed\":1",
                "\"governance\":\"REVIEW_REQUIRED\"", "\"head_hash\":\"" + "ab".repeat(32) + "\"", "\"records\":7");
        assertThat(id).isEqualTo("msg_batch_1");
        assertThat(console.toString(StandardCharsets.UTF_8)).contains("webhook: delivered msg_batch_1");
    }

    @Test
    @DisplayName("W2: a receiver down for the run gets the payload from the outbox next run, under the same webhook-id, processed once")
    void spooledAndRedelivered(@TempDir Path dir) throws Exception {
        receiver.enqueue(new MockResponse.Builder().code(503).setHeader("Retry-After", "120").build());
        assertThat(webhook(dir, VECTOR_SECRET).send(run("batch_2"), List.of(), summary())).isEmpty();
        assertThat(slept).isEmpty();
        assertThat(Files.list(dir)).singleElement().satisfies(p -> assertThat(p.getFileName().toString()).isEqualTo("msg_batch_2.json"));
        assertThat(console.toString(StandardCharsets.UTF_8)).contains("spooled to", "msg_batch_2.json");

        receiver.enqueue(status(200));
        Webhook nextRun = webhook(dir, VECTOR_SECRET);
        nextRun.redeliverOutbox();
        RecordedRequest failed = receiver.takeRequest();
        RecordedRequest delivered = receiver.takeRequest();
        assertThat(delivered.getHeaders().get("webhook-id")).isEqualTo(failed.getHeaders().get("webhook-id")).isEqualTo("msg_batch_2");
        assertThat(delivered.getBody()).isEqualTo(failed.getBody());
        assertThat(Files.list(dir)).isEmpty();
        assertThat(console.toString(StandardCharsets.UTF_8)).contains("delivered msg_batch_2 spooled by an earlier run");
    }

    @Test
    @DisplayName("W3: a retry within the run keeps the webhook-id, takes a new timestamp and a new valid signature")
    void retryWithinRun(@TempDir Path dir) throws Exception {
        receiver.enqueue(new MockResponse.Builder().code(503).setHeader("Retry-After", "2").build());
        receiver.enqueue(status(200));
        webhook(dir, VECTOR_SECRET).send(run("batch_3"), List.of(), summary());
        RecordedRequest first = receiver.takeRequest();
        RecordedRequest second = receiver.takeRequest();
        assertThat(slept).containsExactly(Duration.ofSeconds(2));
        assertThat(second.getHeaders().get("webhook-id")).isEqualTo(first.getHeaders().get("webhook-id"));
        assertThat(second.getHeaders().get("webhook-timestamp")).isNotEqualTo(first.getHeaders().get("webhook-timestamp"));
        assertThat(second.getHeaders().get("webhook-signature")).isEqualTo(new WebhookSigner(VECTOR_SECRET).sign("msg_batch_3",
                Long.parseLong(second.getHeaders().get("webhook-timestamp")), second.getBody().toByteArray()));
        assertThat(Files.exists(dir.resolve("msg_batch_3.json"))).isFalse();
    }

    @Test
    @DisplayName("W4: the connection dropped before the answer is read: redelivered under the same id, for the receiver to dedupe")
    void droppedBeforeAnswer(@TempDir Path dir) throws Exception {
        receiver.enqueue(new MockResponse.Builder().code(200).onResponseStart(mockwebserver3.SocketEffect.ShutdownConnection.INSTANCE).build());
        receiver.enqueue(status(200));
        webhook(dir, VECTOR_SECRET).send(run("batch_7"), List.of(), summary());
        assertThat(receiver.getRequestCount()).isEqualTo(2);
        assertThat(receiver.takeRequest().getHeaders().get("webhook-id")).isEqualTo(receiver.takeRequest().getHeaders().get("webhook-id"));
        assertThat(console.toString(StandardCharsets.UTF_8)).contains("delivered msg_batch_7");
    }

    @Test
    @DisplayName("W5: a spool write cut short leaves only a temporary file, which redelivery ignores; whole messages still go")
    void interruptedSpool(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("msg_batch_8" + "12345.tmp"), "{\"project_id\":\"pro");
        Files.writeString(dir.resolve("msg_batch_9.json"), "{\"batch_id\":\"batch_9\"}");
        receiver.enqueue(status(200));
        webhook(dir, VECTOR_SECRET).redeliverOutbox();
        assertThat(receiver.getRequestCount()).isEqualTo(1);
        assertThat(receiver.takeRequest().getBody().utf8()).isEqualTo("{\"batch_id\":\"batch_9\"}");
        assertThat(Files.exists(dir.resolve("msg_batch_9.json"))).isFalse();
    }

    @Test
    @DisplayName("W6: 410 stops deliveries with a warning; a redirect is not followed")
    void goneAndRedirect(@TempDir Path dir) throws Exception {
        receiver.enqueue(status(410));
        webhook(dir, VECTOR_SECRET).send(run("batch_4"), List.of(), summary());
        assertThat(receiver.getRequestCount()).isEqualTo(1);
        assertThat(console.toString(StandardCharsets.UTF_8)).contains("WARNING", "410 Gone");

        receiver.enqueue(new MockResponse.Builder().code(302).setHeader("Location", receiver.url("/elsewhere").toString()).build());
        webhook(dir, VECTOR_SECRET).send(run("batch_5"), List.of(), summary());
        assertThat(receiver.getRequestCount()).isEqualTo(2);
        assertThat(console.toString(StandardCharsets.UTF_8)).contains("redirects are not followed");
    }

    @Test
    @DisplayName("W8: when the outbox cannot be written either, the run is told loudly and delivery is never claimed")
    void outboxNotWritable(@TempDir Path dir) throws Exception {
        Path notADirectory = Files.writeString(dir.resolve("outbox"), "x");
        receiver.enqueue(status(500));
        receiver.enqueue(status(500));
        receiver.enqueue(status(500));
        receiver.enqueue(status(500));
        assertThat(webhook(notADirectory, VECTOR_SECRET).send(run("batch_6"), List.of(), summary())).get().asString()
                .contains("neither delivered", "msg_batch_6");
        assertThat(console.toString(StandardCharsets.UTF_8)).doesNotContain("delivered msg_batch_6\n");
    }
}
