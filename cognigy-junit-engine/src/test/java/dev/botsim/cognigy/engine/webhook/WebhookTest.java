package dev.botsim.cognigy.engine.webhook;

import dev.botsim.cognigy.engine.LoopbackServers;
import dev.botsim.cognigy.engine.config.WebhookSettings;
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
import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.botsim.cognigy.engine.MutableClock;
import dev.botsim.cognigy.engine.transport.VirtualTicker;
import dev.botsim.cognigy.spi.Governance;
import dev.botsim.cognigy.spi.Outcome;
import dev.botsim.cognigy.spi.RunInfo;
import dev.botsim.cognigy.spi.RunSummary;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

class WebhookTest {

    private static final String VECTOR_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String SECOND_SECRET = "whsec_" + java.util.Base64.getEncoder().encodeToString("another-key-of-32-bytes-length!!".getBytes(StandardCharsets.UTF_8));

    private final MockWebServer receiver = LoopbackServers.mockWebServer();
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
        return webhook(outbox, receiver, secrets, 4, Duration.ofSeconds(2), Duration.ofSeconds(60));
    }

    private Webhook webhook(Path outbox, MockWebServer to, int attempts, Duration timeout, Duration budget) {
        return webhook(outbox, to, VECTOR_SECRET, attempts, timeout, budget);
    }

    /** A webhook on the virtual clock: waits are recorded and move the clock, nothing sleeps. */
    private Webhook webhook(Path outbox, MockWebServer to, String secrets, int attempts, Duration timeout, Duration budget) {
        return webhook(outbox, to, to, secrets, attempts, timeout, budget);
    }

    /** The same, its outbox entries for {@code outboxFor}'s URL while {@code to} stands in for that receiver. */
    private Webhook webhook(Path outbox, MockWebServer to, MockWebServer outboxFor, String secrets, int attempts, Duration timeout,
            Duration budget) {
        WebhookDelivery delivery = new WebhookDelivery(WebhookSettings.defaults().withUrl(url(to))
                .withTimeout(timeout).withMaxAttempts(attempts), new WebhookSigner(secrets), clock, d -> {
                    slept.add(d);
                    clock.advance(d);
                }, VirtualTicker.of(clock));
        return new Webhook("proj_1", new Outbox(outbox, secrets, url(outboxFor)), delivery, budget, clock,
                new PrintStream(console, true, StandardCharsets.UTF_8));
    }

    private static String url(MockWebServer server) {
        return server.url("/hooks/cognigy").toString();
    }

    /** The outbox as a run for {@link #receiver} has it. */
    private Outbox outbox(Path dir, String secrets) {
        return new Outbox(dir, secrets, url(receiver));
    }

    /**
     * Spools one payload per batch for {@link #receiver} as earlier runs would while it was down (503, one attempt): a
     * server of its own stands in for it, so the receiver's requests are the test's alone.
     */
    private void spooledByEarlierRuns(Path outbox, String... batches) throws Exception {
        try (MockWebServer refusing = LoopbackServers.mockWebServer()) {
            refusing.setDispatcher(new mockwebserver3.Dispatcher() {
                @Override
                public MockResponse dispatch(RecordedRequest request) {
                    return status(503);
                }
            });
            refusing.start();
            for (String batch : batches) {
                webhook(outbox, refusing, receiver, VECTOR_SECRET, 1, Duration.ofSeconds(2), Duration.ofSeconds(60)).send(run(batch), List.of(),
                        summary());
            }
        }
        for (String batch : batches) assertThat(outbox.resolve("msg_" + batch + ".json")).exists();
    }

    private static List<RecordedRequest> posts(MockWebServer server) throws InterruptedException {
        List<RecordedRequest> posts = new ArrayList<>();
        for (int i = server.getRequestCount(); i > 0; i--) {
            RecordedRequest request = server.takeRequest(1, java.util.concurrent.TimeUnit.SECONDS);
            if (request != null && "POST".equals(request.getMethod())) posts.add(request);
        }
        return posts;
    }

    private static RunInfo run(String batch) {
        return RunInfo.builder().batchId(batch).started(Instant.EPOCH).backend("sandbox").botName("order-bot")
                .expectedFlows(List.of("flow_a")).plannedTests(2).build();
    }

    private static RunSummary summary() {
        return RunSummary.builder().outcomes(Map.of(Outcome.PASSED, 1L, Outcome.FAILED, 1L)).total(2).passRate(0.5)
                .governance(Governance.REVIEW_REQUIRED).flowCoverage(1.0).flowHits(Map.of("flow_a", 2L))
                .audit(new RunSummary.AuditCheckpoint("ab".repeat(32), 7)).build();
    }

    /** The bodies the receiver accepts from now on (each answered 204), in the order they came. */
    private List<String> acceptedBodies() {
        List<String> bodies = java.util.Collections.synchronizedList(new ArrayList<>());
        receiver.setDispatcher(new mockwebserver3.Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                bodies.add(request.getBody().utf8());
                return status(204);
            }
        });
        return bodies;
    }

    private static MockResponse status(int code) {
        return new MockResponse.Builder().code(code).build();
    }

    @Test
    @DisplayName("a batch concluded again (the same parts merged again after a merge killed before it removed its delivered"
            + " payload) whose payload this run delivered from the outbox is not sent a second time, with other bytes")
    void payloadDeliveredFromTheOutboxIsNotSentAgain(@TempDir Path outbox) throws Exception {
        spooledByEarlierRuns(outbox, "batch_merged0001");
        clock.advance(Duration.ofMinutes(5)); // the second merge builds its payload later: another timestamp
        receiver.enqueue(status(200));
        receiver.enqueue(status(200));
        Webhook second = webhook(outbox, VECTOR_SECRET);

        second.redeliverOutbox();
        second.writeAhead(run("batch_merged0001"), List.of(), summary());
        Optional<String> failure = second.send(run("batch_merged0001"), List.of(), summary());

        assertThat(failure).isEmpty();
        List<RecordedRequest> posts = posts(receiver);
        assertThat(posts).as(console.toString(StandardCharsets.UTF_8)).hasSize(1);
        assertThat(posts.get(0).getHeaders().get("webhook-id")).isEqualTo("msg_batch_merged0001");
        assertThat(console.toString(StandardCharsets.UTF_8)).contains("msg_batch_merged0001 was delivered from the outbox by this run");
        assertThat(outbox.resolve("msg_batch_merged0001.json")).doesNotExist();
    }

    @Test
    @DisplayName("a batch concluded again while its payload still waits in the outbox sends the bytes spooled first under"
            + " its webhook-id, not a payload built again with another timestamp")
    void payloadWaitingInTheOutboxKeepsItsBytes(@TempDir Path outbox) throws Exception {
        byte[] first = "{\"batch_id\":\"batch_merged0002\",\"timestamp\":\"2026-11-24T10:00:00Z\"}".getBytes(StandardCharsets.UTF_8);
        // The receiver asked the first merge to wait (Retry-After): the outbox delivery before the second merge leaves it.
        outbox(outbox, VECTOR_SECRET).write(new Outbox.Message("msg_batch_merged0002", clock.instant(),
                clock.instant().plus(Duration.ofHours(1)), first));
        receiver.enqueue(status(200));
        Webhook second = webhook(outbox, VECTOR_SECRET);

        second.redeliverOutbox();
        assertThat(posts(receiver)).isEmpty();
        second.writeAhead(run("batch_merged0002"), List.of(), summary());
        Optional<String> failure = second.send(run("batch_merged0002"), List.of(), summary());

        assertThat(failure).isEmpty();
        List<RecordedRequest> posts = posts(receiver);
        assertThat(posts).hasSize(1);
        assertThat(posts.get(0).getBody().utf8()).as("the bytes spooled first").isEqualTo(new String(first, StandardCharsets.UTF_8));
        assertThat(outbox.resolve("msg_batch_merged0002.json")).doesNotExist();
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
            "http://qa.example.com/hook?token=wu-canary-4d9b2f7e1c | qa.example.com",
            "http://10.0.0.7:8080/hook                             | 10.0.0.7",
            "https://qa.example.com/hook                           |",
            "http://localhost:8080/hook                            |",
            "http://127.0.0.1:8080/hook                            |",
            "http://[::1]:8080/hook                                |"})
    @DisplayName("a plain http:// receiver on another machine is warned of once as the webhook is made, before the first test:"
            + " the payload and any token travel unencrypted; https and this machine's receivers are not")
    void cleartextReceiverWarned(String url, String host) {
        dev.botsim.cognigy.engine.config.EngineConfig config = dev.botsim.cognigy.engine.config.EngineConfig.defaults()
                .withWebhook(WebhookSettings.defaults().withUrl(url))
                .withSecrets(dev.botsim.cognigy.engine.config.Secrets.none()
                        .withWebhookSecret(dev.botsim.cognigy.engine.support.Secret.of(VECTOR_SECRET)));
        assertThat(Webhook.from(config, clock, new PrintStream(console, true, StandardCharsets.UTF_8))).isPresent();
        if (host == null) {
            assertThat(console.toString(StandardCharsets.UTF_8)).isEmpty();
        } else {
            assertThat(warnings()).containsExactly("[cognigy] WARNING webhook: cognigy.webhook.url (or COGNIGY_WEBHOOK_URL) is plain"
                    + " http:// to " + host + ", another machine: the payload (test names, utterances and the bot's answers, in"
                    + " failure messages too) and any token in the URL travel unencrypted; use an https:// URL");
        }
    }

    @Test
    @DisplayName("item 12: a webhook URL that is not an http(s) URL is a configuration problem before the first test, not a failed delivery")
    void urlRefusedUpFront() {
        dev.botsim.cognigy.engine.config.EngineConfig config = dev.botsim.cognigy.engine.config.EngineConfig.defaults()
                .withWebhook(WebhookSettings.defaults().withUrl("qa.example.com/hook"))
                .withSecrets(dev.botsim.cognigy.engine.config.Secrets.none()
                        .withWebhookSecret(dev.botsim.cognigy.engine.support.Secret.of(VECTOR_SECRET)));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Webhook.from(config, clock, new PrintStream(console)))
                .isInstanceOf(dev.botsim.cognigy.engine.config.ConfigurationException.class)
                .hasMessage("cognigy.webhook.url=qa.example.com/hook is not an http(s) URL");
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
    @DisplayName("the payload's objects keep one order whatever the JVM: the audit checkpoint is head_hash, then records")
    void payloadInFixedOrder(@TempDir Path dir) throws Exception {
        receiver.enqueue(status(204));
        webhook(dir, VECTOR_SECRET).send(run("batch_order"), List.of(), summary());
        String json = receiver.takeRequest().getBody().utf8();
        assertThat(json).contains("\"audit_checkpoint\":{\"head_hash\":\"" + "ab".repeat(32) + "\",\"records\":7}");
        assertThat(json).startsWith("{\"project_id\":\"proj_1\",\"timestamp\":");
    }

    @Test
    @DisplayName("W2: a receiver down for the run gets the payload from the outbox next run, under the same webhook-id, processed once")
    void spooledAndRedelivered(@TempDir Path dir) throws Exception {
        receiver.enqueue(new MockResponse.Builder().code(503).setHeader("Retry-After", "120").build());
        assertThat(webhook(dir, VECTOR_SECRET).send(run("batch_2"), List.of(), summary())).isEmpty();
        assertThat(slept).isEmpty();
        assertThat(Files.list(dir)).singleElement().satisfies(p -> assertThat(p.getFileName().toString()).isEqualTo("msg_batch_2.json"));
        assertThat(console.toString(StandardCharsets.UTF_8)).contains("spooled to", "msg_batch_2.json");

        clock.advance(Duration.ofSeconds(120)); // the receiver's Retry-After
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
    @org.junit.jupiter.api.Timeout(value = 20, unit = java.util.concurrent.TimeUnit.SECONDS) // hang guard only
    @DisplayName("W3: a receiver that stalls past the timeout: the attempt is cut off and retried under the same id,"
            + " a new timestamp and a signature an independent HMAC check accepts")
    void stalledAttemptRetried(@TempDir Path dir) throws Exception {
        java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
        receiver.setDispatcher(new mockwebserver3.Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                if (calls.incrementAndGet() > 1) return status(200);
                // The attempt's second passes on the test clock too, as it does for real while the receiver hangs.
                clock.advance(Duration.ofSeconds(1));
                return new MockResponse.Builder().code(200).onResponseStart(mockwebserver3.SocketEffect.Stall.INSTANCE).build();
            }
        });
        assertThat(webhook(dir, receiver, 3, Duration.ofSeconds(1), Duration.ofSeconds(60)).send(run("batch_stall"), List.of(),
                summary())).isEmpty();
        List<RecordedRequest> posts = posts(receiver);
        assertThat(posts).hasSize(2);
        assertThat(posts).extracting(r -> r.getHeaders().get("webhook-id")).containsOnly("msg_batch_stall");
        assertThat(posts.get(1).getHeaders().get("webhook-timestamp")).isNotEqualTo(posts.get(0).getHeaders().get("webhook-timestamp"));
        assertThat(posts.get(1).getBody()).isEqualTo(posts.get(0).getBody());
        for (RecordedRequest post : posts) assertThat(verifiesIndependently(post, VECTOR_SECRET)).isTrue();
        assertThat(slept).hasSize(1);
        assertThat(dir.resolve("msg_batch_stall.json")).doesNotExist();
        assertThat(console.toString(StandardCharsets.UTF_8)).contains("delivered msg_batch_stall");
    }

    /** A receiver's check, written from the Standard Webhooks text alone: HMAC-SHA256 of "id.timestamp.body" with the decoded key. */
    private static boolean verifiesIndependently(RecordedRequest request, String secret) throws Exception {
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec(java.util.Base64.getDecoder().decode(secret.substring("whsec_".length())),
                "HmacSHA256"));
        mac.update((request.getHeaders().get("webhook-id") + "." + request.getHeaders().get("webhook-timestamp") + ".")
                .getBytes(StandardCharsets.UTF_8));
        String expected = "v1," + java.util.Base64.getEncoder().encodeToString(mac.doFinal(request.getBody().toByteArray()));
        return java.util.Arrays.asList(request.getHeaders().get("webhook-signature").split(" ")).contains(expected);
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
        Files.writeString(dir.resolve("msg_batch_8" + ".12345.tmp"), "{\"webhook_id\":\"msg_batch_8\",\"spooled_at\":\"20");
        outbox(dir, VECTOR_SECRET).write(new Outbox.Message("msg_batch_9", clock.instant(), null,
                "{\"batch_id\":\"batch_9\"}".getBytes(StandardCharsets.UTF_8)));
        receiver.enqueue(status(200));
        webhook(dir, VECTOR_SECRET).redeliverOutbox();
        assertThat(receiver.getRequestCount()).isEqualTo(1);
        assertThat(receiver.takeRequest().getBody().utf8()).isEqualTo("{\"batch_id\":\"batch_9\"}");
        assertThat(Files.exists(dir.resolve("msg_batch_9.json"))).isFalse();
        assertThat(dir.resolve("msg_batch_8.12345.tmp")).as("maybe another JVM still writing it").exists();
        assertThat(dir.resolve("quarantine")).doesNotExist();
    }

    private static Process jvm(String... args) throws java.io.IOException {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"), "-XX:-UsePerfData",
                "-cp", System.getProperty("java.class.path"), KilledWebhookJvm.class.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }

    /** Kills the JVM with SIGKILL (no shutdown hook, no finally) and waits for it to be gone. */
    private static void kill9(Process jvm) throws Exception {
        jvm.destroyForcibly();
        assertThat(jvm.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(jvm.exitValue()).as("killed by SIGKILL").isEqualTo(128 + 9);
    }

    @Test
    @org.junit.jupiter.api.Timeout(value = 60, unit = java.util.concurrent.TimeUnit.SECONDS) // hang guard only
    @DisplayName("W5: a JVM killed with kill -9 between sending its payload and reading the answer: the next run delivers the"
            + " same bytes under the same webhook-id")
    void killedBetweenSendAndAnswer(@TempDir Path dir) throws Exception {
        receiver.setDispatcher(new mockwebserver3.Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return receiver.getRequestCount() == 1
                        ? new MockResponse.Builder().code(200).onResponseStart(mockwebserver3.SocketEffect.Stall.INSTANCE).build()
                        : status(200);
            }
        });
        Process killed = jvm("send", dir.toString(), receiver.url("/hooks/cognigy").toString(), VECTOR_SECRET);
        RecordedRequest sent = receiver.takeRequest(30, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(sent).as("the killed JVM's attempt").isNotNull();
        kill9(killed);

        webhook(dir, VECTOR_SECRET).redeliverOutbox();

        RecordedRequest redelivered = receiver.takeRequest(5, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(redelivered).isNotNull();
        assertThat(redelivered.getHeaders().get("webhook-id")).isEqualTo(sent.getHeaders().get("webhook-id")).isEqualTo("msg_batch_killed");
        assertThat(redelivered.getBody()).isEqualTo(sent.getBody());
        assertThat(verifiesIndependently(redelivered, VECTOR_SECRET)).isTrue();
        assertThat(redelivered.getBody().utf8()).contains("\"governance\":\"COMPLIANT\"", "\"records\":3");
        try (java.util.stream.Stream<Path> left = Files.list(dir)) {
            assertThat(left).as("delivered, nothing quarantined").isEmpty();
        }
    }

    @Test
    @org.junit.jupiter.api.Timeout(value = 120, unit = java.util.concurrent.TimeUnit.SECONDS) // hang guard only
    @DisplayName("W5: JVMs killed with kill -9 while rewriting a 4 MiB outbox message leave a message that parses whole and"
            + " is delivered; no file is corrupt")
    void killedWhileSpooling(@TempDir Path dir) throws Exception {
        java.util.Random random = new java.util.Random(5);
        for (int round = 0; round < 5; round++) {
            Process writer = jvm("spool", dir.toString(), VECTOR_SECRET, url(receiver));
            java.io.BufferedReader out = new java.io.BufferedReader(new java.io.InputStreamReader(writer.getInputStream(),
                    StandardCharsets.UTF_8));
            assertThat(out.readLine()).isEqualTo("ready");
            Thread.sleep(random.nextInt(300));
            kill9(writer);
            Outbox outbox = outbox(dir, VECTOR_SECRET);
            Outbox.Contents contents = outbox.read();
            assertThat(contents.quarantined()).as("round %d", round).isEmpty();
            assertThat(contents.entries()).as("round %d", round).singleElement().satisfies(e -> {
                Outbox.Loaded loaded = outbox.load(e);
                assertThat(loaded.quarantined()).isNull();
                assertThat(loaded.message().body()).hasSize(4 * 1024 * 1024 + "{\"batch_id\":\"batch_big\",\"pad\":\"\"}".length());
            });
        }
        clock.advanceTo(Instant.parse("2026-12-31T00:00:00Z")); // past any Retry-After a killed writer saved
        receiver.enqueue(status(200));
        webhook(dir, VECTOR_SECRET).redeliverOutbox();
        assertThat(receiver.getRequestCount()).isEqualTo(1);
        assertThat(receiver.takeRequest().getHeaders().get("webhook-id")).isEqualTo("msg_batch_big");
        assertThat(dir.resolve("msg_batch_big.json")).doesNotExist();
        assertThat(dir.resolve("quarantine")).doesNotExist();
    }

    /** {@code message} as the temporary copy a JVM killed while writing it left, an hour and a minute ago. */
    private Path abandonedCopy(Path dir, Outbox.Message message, int keptBytes) throws Exception {
        Path written = outbox(dir, VECTOR_SECRET).write(message);
        byte[] bytes = Files.readAllBytes(written);
        Files.delete(written);
        Path copy = Files.write(dir.resolve(message.id() + ".4711.tmp"), java.util.Arrays.copyOf(bytes, Math.min(keptBytes, bytes.length)));
        Files.setLastModifiedTime(copy, java.nio.file.attribute.FileTime.from(Instant.now().minus(Duration.ofMinutes(61))));
        return copy;
    }

    @Test
    @DisplayName("W5: a copy that rewrote an entry (to keep a Retry-After) is removed once it is an hour old, as is one whose entry"
            + " is in place; a fresh one is left to the JVM that may still be writing it")
    void staleTemporaryFilesRemoved(@TempDir Path dir) throws Exception {
        byte[] body = "{\"batch_id\":\"batch_k\"}".getBytes(StandardCharsets.UTF_8);
        Path rewrite = abandonedCopy(dir, new Outbox.Message("msg_batch_k", clock.instant(), clock.instant().plusSeconds(120), body), 250);
        Path besideItsEntry = abandonedCopy(dir, new Outbox.Message("msg_batch_j", clock.instant(), null, body), 100);
        outbox(dir, VECTOR_SECRET).write(new Outbox.Message("msg_batch_j", clock.instant(), null, body));
        Path fresh = Files.writeString(dir.resolve("msg_batch_k.4712.tmp"), "{\"webhook_id\":\"msg_batch_k\",\"spooled_at\":\"20");
        Path foreign = Files.write(dir.resolve("notes.tmp"), body);
        Files.setLastModifiedTime(foreign, java.nio.file.attribute.FileTime.from(Instant.now().minus(Duration.ofDays(2))));

        Outbox.Contents contents = outbox(dir, VECTOR_SECRET).read();

        assertThat(contents.entries()).extracting(Outbox.Entry::id).containsExactly("msg_batch_j");
        assertThat(contents.abandoned()).isEmpty();
        assertThat(rewrite).doesNotExist();
        assertThat(besideItsEntry).doesNotExist();
        assertThat(fresh).exists();
        assertThat(foreign).as("not a file the outbox wrote").exists();
        assertThat(dir.resolve("quarantine")).doesNotExist();
    }

    @Test
    @DisplayName("W5: the whole first copy of a payload a JVM killed before moving it into place left is put in place and"
            + " delivered by a later run, which says so; it is not removed as a stray copy")
    void abandonedWholeCopyDelivered(@TempDir Path dir) throws Exception {
        byte[] body = "{\"batch_id\":\"batch_moved\"}".getBytes(StandardCharsets.UTF_8);
        Path copy = abandonedCopy(dir, new Outbox.Message("msg_batch_moved", clock.instant(), null, body), Integer.MAX_VALUE);
        receiver.enqueue(status(200));

        webhook(dir, VECTOR_SECRET).redeliverOutbox();

        RecordedRequest delivered = receiver.takeRequest(5, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(delivered).isNotNull();
        assertThat(delivered.getHeaders().get("webhook-id")).isEqualTo("msg_batch_moved");
        assertThat(delivered.getBody().utf8()).isEqualTo("{\"batch_id\":\"batch_moved\"}");
        assertThat(verifiesIndependently(delivered, VECTOR_SECRET)).isTrue();
        try (java.util.stream.Stream<Path> left = Files.list(dir)) {
            assertThat(left).isEmpty();
        }
        assertThat(console.toString(StandardCharsets.UTF_8)).contains(copy.toAbsolutePath() + ", left by a run killed while spooling"
                + " msg_batch_moved, holds its whole payload; put in place as " + dir.resolve("msg_batch_moved.json").toAbsolutePath(),
                "delivered msg_batch_moved spooled by an earlier run");
    }

    @Test
    @DisplayName("W5: the first copy of a payload cut short by a kill, an hour old, is set aside in quarantine with a warning"
            + " that the run's results never reached the receiver; it is neither sent nor removed in silence")
    void abandonedCutShortCopySetAside(@TempDir Path dir) throws Exception {
        byte[] body = ("{\"batch_id\":\"batch_cut\",\"pad\":\"" + "x".repeat(1000) + "\"}").getBytes(StandardCharsets.UTF_8);
        Path copy = abandonedCopy(dir, new Outbox.Message("msg_batch_cut", clock.instant(), null, body), 600);

        webhook(dir, VECTOR_SECRET).redeliverOutbox();

        assertThat(receiver.getRequestCount()).isZero();
        Path setAside = dir.resolve("quarantine/msg_batch_cut.4711.tmp");
        assertThat(setAside).hasSize(600);
        assertThat(copy).doesNotExist();
        assertThat(console.toString(StandardCharsets.UTF_8)).contains("[cognigy] WARNING webhook: " + copy.toAbsolutePath()
                + ", left by a run killed while spooling msg_batch_cut, holds its payload cut short (600 bytes): it cannot be sent,"
                + " and the QA platform never received that run's results; moved to " + setAside.toAbsolutePath());
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

    @org.junit.jupiter.params.ParameterizedTest(name = "HTTP {0}")
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
            "401 | the receiver refused the signature or credentials: check that COGNIGY_WEBHOOK_SECRET holds the receiver's"
                    + " signing secret, and the token in cognigy.webhook.url (or COGNIGY_WEBHOOK_URL) if the receiver takes one",
            "403 | the receiver refused the signature or credentials: check that COGNIGY_WEBHOOK_SECRET",
            "404 | the receiver has nothing at that path: check the path in cognigy.webhook.url (or COGNIGY_WEBHOOK_URL)",
            "301 | HTTP 301 (redirects are not followed)): give the receiver's final URL, where it redirects to, as"
                    + " cognigy.webhook.url (or COGNIGY_WEBHOOK_URL): the payload and its signature go only to the URL configured",
            "308 | HTTP 308 (redirects are not followed)): give the receiver's final URL",
            "405 | the receiver takes no POST at that path: check the path in cognigy.webhook.url",
            "400 | the receiver refused the request: its log says why; check cognigy.webhook.url (or COGNIGY_WEBHOOK_URL)"
                    + " and the receiver's version against the payload's documented fields (webhook.md)"})
    @DisplayName("401, 403, 404, 405, another refusal such as 400, and a redirect: one attempt, a warning saying what the answer usually means and where the"
            + " payload waits in the outbox, at the run's end and when a later run delivers the outbox")
    void misconfigurationAnswersWarn(int code, String meaning, @TempDir Path dir) throws Exception {
        String batch = "batch_" + code;
        Path file = dir.resolve("msg_" + batch + ".json").toAbsolutePath();
        receiver.enqueue(new MockResponse.Builder().code(code).setHeader("Location", "https://elsewhere.example/hook").build());
        webhook(dir, VECTOR_SECRET).send(run(batch), List.of(), summary());
        assertThat(receiver.getRequestCount()).as("the same answer on every attempt: one is enough").isEqualTo(1);
        assertThat(file).exists();
        assertThat(warnings()).singleElement().asString().startsWith("[cognigy] WARNING webhook: msg_" + batch + " not delivered (HTTP "
                + code).contains(meaning).endsWith(". The payload is in the outbox at " + file + "; the next run sends it again");

        console.reset();
        receiver.enqueue(new MockResponse.Builder().code(code).setHeader("Location", "https://elsewhere.example/hook").build());
        webhook(dir, VECTOR_SECRET).redeliverOutbox();
        assertThat(file).exists();
        assertThat(warnings()).singleElement().asString().startsWith("[cognigy] WARNING webhook: msg_" + batch
                + " still not delivered (HTTP " + code).contains(meaning).endsWith(". The payload is in the outbox at " + file
                        + "; the next run sends it again");
    }

    @Test
    @DisplayName("S1: an answer that is no HTTP answer and echoes the request (a broken proxy) does not bring the receiver's"
            + " token, from its query or its path, into the console or the run's failure; the echo is cut short")
    void echoedRequestMasked(@TempDir Path dir) throws Exception {
        String pathToken = "x4Yq8Lr2Vn7Tz1Kp9Wm3Hs6D";
        String queryToken = "CANARY-q7Rt2Kx9Lm4Vb8Nc";
        receiver.setDispatcher(new mockwebserver3.Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                // Not a status code: OkHttp refuses the line and quotes it in its exception, URL and all.
                return new MockResponse.Builder().status("HTTP/1.1 2OO " + request.getRequestLine() + " " + request.getUrl() + " "
                        + java.net.URLDecoder.decode(request.getTarget(), StandardCharsets.UTF_8) + " " + "z".repeat(400)).build();
            }
        });
        String url = receiver.url("/services/T0A1B2C3D/" + pathToken + "?token=" + queryToken).toString();
        Path notADirectory = Files.writeString(dir.resolve("outbox"), "x"); // neither delivered nor spooled: the run fails with it
        WebhookDelivery delivery = new WebhookDelivery(WebhookSettings.defaults().withUrl(url).withTimeout(Duration.ofSeconds(2))
                .withMaxAttempts(2), new WebhookSigner(VECTOR_SECRET), clock, d -> clock.advance(d),
                VirtualTicker.of(clock));
        Optional<String> failure = new Webhook("proj_1", new Outbox(notADirectory, VECTOR_SECRET, url), delivery, Duration.ofSeconds(60),
                clock, new PrintStream(console, true, StandardCharsets.UTF_8)).send(run("batch_echo"), List.of(), summary());

        assertThat(receiver.getRequestCount()).isEqualTo(2);
        String shown = console.toString(StandardCharsets.UTF_8) + failure.orElseThrow();
        assertThat(shown).contains("Unexpected status line", "/services/T0A1B2C3D/****").doesNotContain(pathToken, queryToken,
                java.net.URLEncoder.encode(queryToken, StandardCharsets.UTF_8), "z".repeat(200));
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

    @Test
    @DisplayName("a merge's payload neither delivered nor spooled: the failure says to merge again into its folder once the"
            + " receiver or the outbox is fixed, since that concludes the run again; a run of its own's, that it is lost")
    void outboxNotWritableInAMerge(@TempDir Path dir) throws Exception {
        Path notADirectory = Files.writeString(dir.resolve("outbox"), "x");
        for (int i = 0; i < 8; i++) receiver.enqueue(status(500));
        Path merged = dir.resolve("merged");

        String failure = webhook(notADirectory, VECTOR_SECRET).forRun("run-42").mergedInto(merged)
                .send(run("batch_m"), List.of(), summary()).orElseThrow();
        String alone = webhook(notADirectory, VECTOR_SECRET).send(run("batch_r"), List.of(), summary()).orElseThrow();

        assertThat(failure).contains("neither delivered", "nor spooled to " + notADirectory.toAbsolutePath())
                .endsWith("): merge the parts again into " + merged.toAbsolutePath() + " once the receiver takes it or the outbox"
                        + " can be written: the run is concluded again and its payload sent")
                .doesNotContain("will not receive");
        assertThat(alone).endsWith("): the QA platform will not receive this run");
    }

    @Test
    @DisplayName("a disk that fills up while the payload is spooled: the warning and the run's failure say the outbox, the"
            + " operating system's words and what to do, once each")
    void outboxDiskFull(@TempDir Path dir) throws Exception {
        for (int i = 0; i < 4; i++) receiver.enqueue(status(500));
        dev.botsim.cognigy.engine.support.RecordingDisk full = new dev.botsim.cognigy.engine.support.RecordingDisk() {
            @Override
            public void force(java.nio.channels.FileChannel file) throws java.io.IOException {
                throw new java.io.IOException("No space left on device");
            }
        };
        WebhookDelivery delivery = new WebhookDelivery(WebhookSettings.defaults().withUrl(url(receiver))
                .withTimeout(Duration.ofSeconds(2)).withMaxAttempts(4), new WebhookSigner(VECTOR_SECRET), clock, d -> clock.advance(d),
                VirtualTicker.of(clock));
        Webhook webhook = new Webhook("proj_1", new Outbox(dir, VECTOR_SECRET, url(receiver), full), delivery, Duration.ofSeconds(60),
                clock, new PrintStream(console, true, StandardCharsets.UTF_8));

        String failure = webhook.send(run("batch_7"), List.of(), summary()).orElseThrow();

        String fix = "No space left on device; make " + dir.toAbsolutePath() + " writable (its permissions, a read-only file system,"
                + " a full disk), or point cognigy.webhook.outbox-dir at a folder that is";
        assertThat(failure).contains("nor spooled to " + dir.toAbsolutePath() + " (" + fix + "): the QA platform will not receive this run");
        assertThat(console.toString(StandardCharsets.UTF_8).lines().filter(line -> line.contains("No space left on device")))
                .hasSize(2).first().asString().isEqualTo("[cognigy] WARNING webhook: the outbox " + dir.toAbsolutePath()
                        + " cannot be written (" + fix + "): msg_batch_7 is sent without a copy to fall back on");
        try (var left = Files.list(dir)) {
            assertThat(left).as("no partial copy left").isEmpty();
        }
    }

    @Test
    @DisplayName("item 9: the payload is in the outbox before the first attempt, and a 2xx removes it")
    void writeAhead(@TempDir Path dir) throws Exception {
        List<Boolean> inOutboxWhenReceived = new ArrayList<>();
        receiver.setDispatcher(new mockwebserver3.Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                inOutboxWhenReceived.add(Files.exists(dir.resolve("msg_batch_wa.json")));
                return status(204);
            }
        });
        assertThat(webhook(dir, VECTOR_SECRET).send(run("batch_wa"), List.of(), summary())).isEmpty();
        assertThat(inOutboxWhenReceived).containsExactly(true);
        assertThat(dir.resolve("msg_batch_wa.json")).doesNotExist();
        assertThat(console.toString(StandardCharsets.UTF_8)).contains("delivered msg_batch_wa");
    }

    @Test
    @DisplayName("a replayed run's payload carries the replay mode, counts and fingerprint, and marks each replayed result")
    void replayedRun(@TempDir Path dir) throws Exception {
        List<String> bodies = acceptedBodies();
        RunInfo replayed = run("batch_rp").toBuilder().replay("auto", Map.of("backend", "sandbox", "bot", "sha256:ab")).build();
        List<dev.botsim.cognigy.spi.SimulationRecord> records = List.of(
                dev.botsim.cognigy.spi.SimulationRecord.builder().uniqueId("u1").testId("test_a").outcome(Outcome.PASSED).replayed(true).build(),
                dev.botsim.cognigy.spi.SimulationRecord.builder().uniqueId("u2").testId("test_b").outcome(Outcome.FAILED).build());
        assertThat(webhook(dir, VECTOR_SECRET).send(replayed, records, summary())).isEmpty();
        tools.jackson.databind.JsonNode payload = tools.jackson.databind.json.JsonMapper.builder().build().readTree(bodies.get(0));
        assertThat(payload.path("replay").path("mode").asString()).isEqualTo("auto");
        assertThat(payload.path("replay").path("replayed").asInt()).isEqualTo(1);
        assertThat(payload.path("replay").path("live").asInt()).isEqualTo(1);
        assertThat(payload.path("replay").path("fingerprint").path("bot").asString()).isEqualTo("sha256:ab");
        assertThat(payload.path("detailed_results").get(0).path("replayed").asBoolean()).isTrue();
        assertThat(payload.path("detailed_results").get(1).has("replayed")).isFalse();

        bodies.clear();
        webhook(dir, VECTOR_SECRET).send(run("batch_live"), records, summary());
        assertThat(tools.jackson.databind.json.JsonMapper.builder().build().readTree(bodies.get(0)).has("replay")).isFalse();
    }

    @Test
    @DisplayName("a result whose message never reached the bot carries \"sent\": false; the others are as they were, without"
            + " the key")
    void unsentResultMarked(@TempDir Path dir) throws Exception {
        List<String> bodies = acceptedBodies();
        List<dev.botsim.cognigy.spi.SimulationRecord> records = List.of(
                dev.botsim.cognigy.spi.SimulationRecord.builder().uniqueId("u1").testId("test_a").outcome(Outcome.ERROR)
                        .message("cannot reach REST Endpoint").sent(false).build(),
                dev.botsim.cognigy.spi.SimulationRecord.builder().uniqueId("u2").testId("test_b").outcome(Outcome.TIMEOUT).build());
        assertThat(webhook(dir, VECTOR_SECRET).send(run("batch_unsent"), records, summary())).isEmpty();
        tools.jackson.databind.JsonNode payload = tools.jackson.databind.json.JsonMapper.builder().build().readTree(bodies.get(0));
        assertThat(payload.path("detailed_results").get(0).path("sent").isBoolean()).isTrue();
        assertThat(payload.path("detailed_results").get(0).path("sent").asBoolean()).isFalse();
        assertThat(payload.path("detailed_results").get(1).has("sent")).isFalse();
    }

    @Test
    @org.junit.jupiter.api.Timeout(value = 20, unit = java.util.concurrent.TimeUnit.SECONDS) // hang guard only
    @DisplayName("item 10: 8 spooled messages and a receiver that hangs: the budget bounds the whole redelivery, per-attempt timeouts included")
    void redeliveryWithinBudget(@TempDir Path dir) throws Exception {
        String[] batches = java.util.stream.IntStream.rangeClosed(1, 8).mapToObj(i -> "batch_hang" + i).toArray(String[]::new);
        spooledByEarlierRuns(dir, batches);
        receiver.setDispatcher(new mockwebserver3.Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return new MockResponse.Builder().code(200).onResponseStart(mockwebserver3.SocketEffect.Stall.INSTANCE).build();
            }
        });
        // Real time here: the attempt really hangs, so the budget has to cut its call short.
        WebhookDelivery delivery = new WebhookDelivery(WebhookSettings.defaults().withUrl(receiver.url("/hooks/cognigy").toString())
                .withTimeout(Duration.ofSeconds(3)).withMaxAttempts(5), new WebhookSigner(VECTOR_SECRET), java.time.Clock.systemUTC(),
                dev.botsim.cognigy.engine.transport.Sleeper.SYSTEM, dev.botsim.cognigy.engine.transport.Ticker.SYSTEM);
        new Webhook("proj_1", outbox(dir, VECTOR_SECRET), delivery, Duration.ofSeconds(1), java.time.Clock.systemUTC(),
                new PrintStream(console, true, StandardCharsets.UTF_8))
                .redeliverOutbox();
        assertThat(receiver.getRequestCount()).as("attempts made within a 1 s budget when one attempt may take 3 s").isEqualTo(1);
        for (String batch : batches) assertThat(dir.resolve("msg_" + batch + ".json")).exists();
        assertThat(console.toString(StandardCharsets.UTF_8)).contains("budget");
    }

    @Test
    @DisplayName("item 11: a poisoned outbox (non-ASCII file name, truncated JSON) is quarantined with one warning each; the rest is delivered")
    void poisonedOutboxQuarantined(@TempDir Path dir) throws Exception {
        spooledByEarlierRuns(dir, "batch_ok");
        byte[] good = Files.readAllBytes(dir.resolve("msg_batch_ok.json"));
        Files.write(dir.resolve("msg_batch_\u00fc.json"), new String(good, StandardCharsets.UTF_8).replace("batch_ok", "batch_\u00fc")
                .getBytes(StandardCharsets.UTF_8));
        Files.write(dir.resolve("msg_batch_trunc.json"), java.util.Arrays.copyOf(good, good.length / 2));
        receiver.enqueue(status(200));
        receiver.enqueue(status(200));
        receiver.enqueue(status(200));

        webhook(dir, VECTOR_SECRET).redeliverOutbox();

        assertThat(posts(receiver)).extracting(r -> r.getHeaders().get("webhook-id")).containsExactly("msg_batch_ok");
        assertThat(dir.resolve("quarantine/msg_batch_\u00fc.json")).exists();
        assertThat(dir.resolve("quarantine/msg_batch_trunc.json")).exists();
        try (java.util.stream.Stream<Path> left = Files.list(dir)) {
            assertThat(left).extracting(p -> p.getFileName().toString()).containsExactly("quarantine");
        }
        List<String> warnings = console.toString(StandardCharsets.UTF_8).lines().filter(l -> l.contains("WARNING")).toList();
        assertThat(warnings).hasSize(2).allSatisfy(w -> assertThat(w).contains("quarantine"));

        webhook(dir, VECTOR_SECRET).redeliverOutbox();
        assertThat(receiver.getRequestCount()).as("a quarantined file is not read again").isEqualTo(1);
    }

    @Test
    @DisplayName("an outbox entry that is a symbolic link (a checkout or a restored cache brings links as readily as files) is"
            + " set aside unread, whatever it points at; a file that is no JSON is set aside without its words in the console")
    void linkedOrForeignEntryNotReadNorQuoted(@TempDir Path dir) throws Exception {
        Path outbox = Files.createDirectories(dir.resolve("outbox"));
        Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
        String runnersToken = "ghp_R3alT0kenOfTheRunnerXyz0123456789abcd";
        Path credentials = Files.writeString(dir.resolve("credentials"), runnersToken + "\n");
        Files.createSymbolicLink(outbox.resolve("msg_batch_creds.json"), credentials);
        // A genuine entry of another outbox, linked in: still not this outbox's file, so not read, not sent.
        spooledByEarlierRuns(elsewhere, "batch_linked");
        Files.createSymbolicLink(outbox.resolve("msg_batch_linked.json"), elsewhere.resolve("msg_batch_linked.json"));
        String committedWord = "sk_live_C0mmittedWordInAFile9876543210";
        Files.writeString(outbox.resolve("msg_batch_word.json"), committedWord + " {}");
        receiver.enqueue(status(200));

        webhook(outbox, VECTOR_SECRET).redeliverOutbox();

        assertThat(receiver.getRequestCount()).as("nothing a link points at is sent").isZero();
        String printed = console.toString(StandardCharsets.UTF_8);
        assertThat(printed).doesNotContain(runnersToken).doesNotContain(committedWord)
                .contains("msg_batch_creds.json is not an outbox message (it is a symbolic link")
                .contains("msg_batch_word.json is not an outbox message (not valid JSON: Unrecognized token of " + committedWord.length() + " characters");
        assertThat(outbox.resolve("quarantine/msg_batch_creds.json")).isSymbolicLink();
        assertThat(outbox.resolve("quarantine/msg_batch_linked.json")).isSymbolicLink();
        assertThat(credentials).hasContent(runnersToken);
        assertThat(elsewhere.resolve("msg_batch_linked.json")).isRegularFile();
    }

    @Test
    @DisplayName("item 12: Retry-After is kept with the spooled message: the next run 13 s later does not send it, one after 120 s does")
    void retryAfterKeptAcrossRuns(@TempDir Path dir) throws Exception {
        receiver.enqueue(new MockResponse.Builder().code(503).setHeader("Retry-After", "120").build());
        webhook(dir, VECTOR_SECRET).send(run("batch_ra"), List.of(), summary());
        assertThat(receiver.getRequestCount()).isEqualTo(1);

        clock.advance(Duration.ofSeconds(13));
        webhook(dir, VECTOR_SECRET).redeliverOutbox();
        assertThat(receiver.getRequestCount()).as("no attempt before the receiver's Retry-After").isEqualTo(1);
        assertThat(dir.resolve("msg_batch_ra.json")).exists();
        assertThat(console.toString(StandardCharsets.UTF_8)).contains("msg_batch_ra", "2026-11-24T10:02:00Z");

        clock.advance(Duration.ofSeconds(107));
        receiver.enqueue(status(200));
        webhook(dir, VECTOR_SECRET).redeliverOutbox();
        assertThat(receiver.getRequestCount()).isEqualTo(2);
        assertThat(dir.resolve("msg_batch_ra.json")).doesNotExist();
    }

    @Test
    @DisplayName("a receiver that answers the outbox's first message with a Retry-After beyond the budget is not called for the"
            + " messages after it: they wait in the outbox, none delivered before the first")
    void retryAfterHoldsTheRestOfTheOutbox(@TempDir Path dir) throws Exception {
        spooledByEarlierRuns(dir, "batch_r1", "batch_r2", "batch_r3");
        receiver.setDispatcher(new mockwebserver3.Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return new MockResponse.Builder().code(429).setHeader("Retry-After", "600").build();
            }
        });

        webhook(dir, VECTOR_SECRET).redeliverOutbox();

        List<RecordedRequest> posts = posts(receiver);
        assertThat(posts).extracting(r -> r.getHeaders().get("webhook-id")).containsExactly("msg_batch_r1");
        assertThat(dir.resolve("msg_batch_r2.json")).exists();
        assertThat(dir.resolve("msg_batch_r3.json")).exists();
        assertThat(console.toString(StandardCharsets.UTF_8)).contains("the receiver asked to be called again at",
                "2 more message(s) stay in");
    }

    /** A receiver answering each webhook id as {@code answers} says, 200 for any other. */
    private void answering(Map<String, MockResponse> answers) {
        receiver.setDispatcher(new mockwebserver3.Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return answers.getOrDefault(request.getHeaders().get("webhook-id"), status(200));
            }
        });
    }

    @Test
    @DisplayName("a Retry-After on a message after the first holds only the messages after it, and says how many")
    void retryAfterPartWayHoldsTheMessagesAfterIt(@TempDir Path dir) throws Exception {
        spooledByEarlierRuns(dir, "batch_r1", "batch_r2", "batch_r3", "batch_r4");
        answering(Map.of("msg_batch_r2", new MockResponse.Builder().code(429).setHeader("Retry-After", "600").build()));

        webhook(dir, VECTOR_SECRET).redeliverOutbox();

        assertThat(posts(receiver)).extracting(r -> r.getHeaders().get("webhook-id")).containsExactly("msg_batch_r1", "msg_batch_r2");
        assertThat(dir.resolve("msg_batch_r1.json")).doesNotExist();
        assertThat(dir.resolve("msg_batch_r2.json")).exists();
        assertThat(console.toString(StandardCharsets.UTF_8)).contains("; 2 more message(s) stay in ")
                .doesNotContain("4 more message(s)");
    }

    @Test
    @DisplayName("a message the receiver keeps failing without a Retry-After holds nothing back: the next is still sent in"
            + " the same run; a Retry-After on the last message leaves no message behind it to speak of")
    void failureWithoutRetryAfterHoldsNothingBack(@TempDir Path dir) throws Exception {
        spooledByEarlierRuns(dir, "batch_r1", "batch_r2");
        answering(Map.of("msg_batch_r1", status(503),
                "msg_batch_r2", new MockResponse.Builder().code(429).setHeader("Retry-After", "600").build()));

        webhook(dir, receiver, 1, Duration.ofSeconds(2), Duration.ofSeconds(60)).redeliverOutbox();

        assertThat(posts(receiver)).extracting(r -> r.getHeaders().get("webhook-id")).containsExactly("msg_batch_r1", "msg_batch_r2");
        assertThat(dir.resolve("msg_batch_r1.json")).exists();
        assertThat(dir.resolve("msg_batch_r2.json")).exists();
        assertThat(console.toString(StandardCharsets.UTF_8)).contains("msg_batch_r1 still not delivered", "msg_batch_r2 still not delivered")
                .doesNotContain("more message(s) stay in");
    }

    @Test
    @DisplayName("a later run before the receiver's Retry-After holds the messages after the one waiting too: none of them"
            + " calls the receiver, or arrives before the older one it deferred; once the time has come, all go in order")
    void retryAfterHoldsTheRestOfTheOutboxInLaterRuns(@TempDir Path dir) throws Exception {
        spooledByEarlierRuns(dir, "batch_r1", "batch_r2", "batch_r3");
        receiver.enqueue(new MockResponse.Builder().code(429).setHeader("Retry-After", "600").build());
        webhook(dir, VECTOR_SECRET).redeliverOutbox();
        assertThat(receiver.getRequestCount()).isEqualTo(1);

        // A run two minutes later: the receiver would take anything now, but asked to be left alone for ten.
        clock.advance(Duration.ofMinutes(2));
        for (int i = 0; i < 3; i++) receiver.enqueue(status(200));
        webhook(dir, VECTOR_SECRET).redeliverOutbox();
        assertThat(receiver.getRequestCount()).as("no message sent before the receiver's Retry-After").isEqualTo(1);
        assertThat(dir.resolve("msg_batch_r2.json")).exists();
        assertThat(dir.resolve("msg_batch_r3.json")).exists();
        assertThat(console.toString(StandardCharsets.UTF_8)).contains("msg_batch_r1 waits until", "2 more message(s) stay in");

        clock.advance(Duration.ofMinutes(8));
        webhook(dir, VECTOR_SECRET).redeliverOutbox();
        List<RecordedRequest> posts = posts(receiver);
        assertThat(posts).extracting(r -> r.getHeaders().get("webhook-id"))
                .containsExactly("msg_batch_r1", "msg_batch_r1", "msg_batch_r2", "msg_batch_r3");
    }

    @Test
    @DisplayName("item 13: stale pooled connections (the receiver closes after each answer) spend no attempt: 5 attempts reach it 5 times")
    void stalePooledConnectionSpendsNoAttempt(@TempDir Path dir) throws Exception {
        for (int i = 0; i < 10; i++) {
            receiver.enqueue(new MockResponse.Builder().code(503).onResponseEnd(mockwebserver3.SocketEffect.ShutdownConnection.INSTANCE).build());
        }
        webhook(dir, receiver, 5, Duration.ofSeconds(2), Duration.ofSeconds(60)).send(run("batch_stale"), List.of(), summary());
        assertThat(posts(receiver)).hasSize(5).extracting(r -> r.getHeaders().get("webhook-id")).containsOnly("msg_batch_stale");
        assertThat(dir.resolve("msg_batch_stale.json")).exists();
    }

    /** The outbox's warning lines of the last redelivery, and what the receiver was sent. */
    private List<String> warnings() {
        return console.toString(StandardCharsets.UTF_8).lines().filter(l -> l.contains("WARNING")).toList();
    }

    @Test
    @DisplayName("an outbox entry whose body was edited after it was spooled (REVIEW_REQUIRED made COMPLIANT) is quarantined,"
            + " never sent, with a warning naming the likely causes and the fix; an entry moved to another webhook id too")
    void editedOutboxEntryQuarantined(@TempDir Path dir) throws Exception {
        spooledByEarlierRuns(dir, "batch_ed", "batch_mv");
        Path edited = dir.resolve("msg_batch_ed.json");
        String spooled = Files.readString(edited);
        assertThat(spooled).contains("\\\"governance\\\":\\\"REVIEW_REQUIRED\\\"", "\"mac\":\"hmac-sha256:");
        Files.writeString(edited, spooled.replace("REVIEW_REQUIRED", "COMPLIANT"));
        // The same payload under another id: the receiver would take it for another message.
        Path moved = dir.resolve("msg_batch_mv.json");
        Files.writeString(dir.resolve("msg_batch_other.json"), Files.readString(moved).replace("msg_batch_mv", "msg_batch_other"));
        Files.delete(moved);
        for (int i = 0; i < 3; i++) receiver.enqueue(status(200));

        webhook(dir, VECTOR_SECRET).redeliverOutbox();

        assertThat(posts(receiver)).as("nothing edited goes out, signed or not").isEmpty();
        assertThat(dir.resolve("quarantine/msg_batch_ed.json")).content().contains("COMPLIANT");
        assertThat(dir.resolve("quarantine/msg_batch_other.json")).exists();
        assertThat(edited).doesNotExist();
        assertThat(warnings()).hasSize(2).allSatisfy(w -> assertThat(w).contains("is not an outbox message (its mac does not match its"
                + " receiver, webhook_id and body under COGNIGY_WEBHOOK_SECRET: the file was edited or comes from elsewhere, or it was"
                + " spooled before the secret was rotated", "deliver it by hand from " + dir.resolve("quarantine"), "moved to"));
        assertThat(console.toString(StandardCharsets.UTF_8)).doesNotContain(VECTOR_SECRET.substring("whsec_".length()));
    }

    @Test
    @DisplayName("an outbox entry without a mac — written by hand, or in the format of a version that did not authenticate"
            + " the outbox — is quarantined, never sent; one with spooled_at and not_before changed is still delivered")
    void unauthenticatedOutboxEntryQuarantined(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("msg_batch_forged.json"), "{\"webhook_id\":\"msg_batch_forged\",\"spooled_at\":"
                + "\"2026-11-24T09:00:00Z\",\"not_before\":null,\"body\":\"{\\\"governance\\\":\\\"COMPLIANT\\\"}\"}");
        spooledByEarlierRuns(dir, "batch_genuine");
        Path genuine = dir.resolve("msg_batch_genuine.json");
        // Outside the MAC: they only order and delay delivery.
        Files.writeString(genuine, Files.readString(genuine).replaceFirst("\"spooled_at\":\"[^\"]+\"", "\"spooled_at\":\"2020-01-01T00:00:00Z\"")
                .replace("\"not_before\":null", "\"not_before\":\"2020-01-01T00:00:00Z\""));
        receiver.enqueue(status(200));
        receiver.enqueue(status(200));

        webhook(dir, VECTOR_SECRET).redeliverOutbox();

        assertThat(posts(receiver)).extracting(r -> r.getHeaders().get("webhook-id")).containsExactly("msg_batch_genuine");
        assertThat(dir.resolve("quarantine/msg_batch_forged.json")).exists();
        assertThat(warnings()).singleElement().asString().contains("msg_batch_forged.json is not an outbox message (it carries no"
                + " mac: written by hand, or by a version of the engine that did not authenticate its outbox; if it is a genuine"
                + " payload, deliver it by hand from " + dir.resolve("quarantine"));
    }

    @Test
    @DisplayName("an outbox entry is accepted under any key of COGNIGY_WEBHOOK_SECRET: spooled under the old secret, it is"
            + " delivered during a rotation (new and old) and quarantined once the old secret is gone")
    void outboxEntriesAcrossARotation(@TempDir Path dir) throws Exception {
        try (MockWebServer refusing = LoopbackServers.mockWebServer()) {
            refusing.enqueue(status(503));
            refusing.enqueue(status(503));
            refusing.start();
            webhook(dir, refusing, receiver, VECTOR_SECRET, 1, Duration.ofSeconds(2), Duration.ofSeconds(60)).send(run("batch_old1"), List.of(),
                    summary());
            webhook(dir, refusing, receiver, VECTOR_SECRET, 1, Duration.ofSeconds(2), Duration.ofSeconds(60)).send(run("batch_old2"), List.of(),
                    summary());
        }
        receiver.enqueue(status(200));
        Path rotated = Files.createDirectories(dir.resolve("rotated"));
        Files.move(dir.resolve("msg_batch_old2.json"), rotated.resolve("msg_batch_old2.json"));

        webhook(dir, SECOND_SECRET + " " + VECTOR_SECRET).redeliverOutbox();
        assertThat(posts(receiver)).extracting(r -> r.getHeaders().get("webhook-id")).containsExactly("msg_batch_old1");
        assertThat(warnings()).isEmpty();

        webhook(rotated, SECOND_SECRET).redeliverOutbox();
        assertThat(receiver.getRequestCount()).as("not sent once the old secret is gone").isEqualTo(1);
        assertThat(rotated.resolve("quarantine/msg_batch_old2.json")).exists();
        assertThat(warnings()).singleElement().asString().contains("spooled before the secret was rotated");
    }

    /** {@code n} results of a large suite, as the payload carries them: a passing one is about 170 bytes, a failing one 570. */
    private static List<dev.botsim.cognigy.spi.SimulationRecord> results(int n, String message) {
        List<dev.botsim.cognigy.spi.SimulationRecord> records = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            records.add(dev.botsim.cognigy.spi.SimulationRecord.builder().uniqueId("u" + i).testId("test_t07_a3_f0042_c" + i)
                    .displayName("I need to check my recent order ORD_" + i).source("simulations/team07/area3/orders_0042.sim.csv")
                    .line(i + 2).outcome(message == null ? Outcome.PASSED : Outcome.FAILED).message(message).build());
        }
        return records;
    }

    /** The payload's size as the warnings give it. */
    private static String size(Path spooled, String id) throws Exception {
        byte[] body = tools.jackson.databind.json.JsonMapper.builder().build().readTree(spooled.toFile()).path("body").asString()
                .getBytes(StandardCharsets.UTF_8);
        assertThat(spooled.getFileName().toString()).isEqualTo(id + ".json");
        return body.length + " bytes";
    }

    @Test
    @DisplayName("a payload the receiver refuses as too large (413) is not sent again: set aside in quarantine/ with a warning"
            + " naming the file, the status, the payload's size, the receiver's limit as the cause and the fix; moved back, it goes")
    void tooLargeSetAside(@TempDir Path dir) throws Exception {
        receiver.enqueue(status(413));
        List<dev.botsim.cognigy.spi.SimulationRecord> records = results(2_000, null);

        assertThat(webhook(dir, VECTOR_SECRET).send(run("batch_big"), records, summary())).isEmpty();

        assertThat(receiver.getRequestCount()).as("not repeated within the run: the same bytes get the same answer").isEqualTo(1);
        Path set = dir.resolve("quarantine/msg_batch_big.json");
        assertThat(set).exists();
        assertThat(dir.resolve("msg_batch_big.json")).doesNotExist();
        String bytes = size(set, "msg_batch_big");
        assertThat(warnings()).singleElement().asString().contains("msg_batch_big", "HTTP 413", bytes, "MiB", "client_max_body_size",
                "not sent again", "moved to " + set, "move the file back to " + dir.resolve("msg_batch_big.json"));

        webhook(dir, VECTOR_SECRET).redeliverOutbox();
        assertThat(receiver.getRequestCount()).as("the next run leaves it alone").isEqualTo(1);

        // The receiver's limit raised, the file moved back: delivered as it was spooled.
        Files.move(set, dir.resolve("msg_batch_big.json"));
        receiver.enqueue(status(200));
        webhook(dir, VECTOR_SECRET).redeliverOutbox();
        List<RecordedRequest> posts = posts(receiver);
        assertThat(posts).hasSize(2);
        assertThat(posts.get(1).getBody()).isEqualTo(posts.get(0).getBody());
        assertThat(verifiesIndependently(posts.get(1), VECTOR_SECRET)).isTrue();
        assertThat(dir.resolve("msg_batch_big.json")).doesNotExist();
    }

    @Test
    @DisplayName("a 413 an earlier run spooled, and one answered before the body was read (as nginx does), are set aside the same way")
    void tooLargeFromTheOutboxAndBeforeTheBodyIsRead(@TempDir Path dir) throws Exception {
        spooledByEarlierRuns(dir, "batch_old");
        receiver.enqueue(new MockResponse.Builder().code(413).doNotReadRequestBody().build());

        webhook(dir, VECTOR_SECRET).redeliverOutbox();

        assertThat(receiver.getRequestCount()).isEqualTo(1);
        assertThat(dir.resolve("quarantine/msg_batch_old.json")).exists();
        assertThat(warnings()).singleElement().asString().contains("msg_batch_old", "HTTP 413",
                "moved to " + dir.resolve("quarantine/msg_batch_old.json"));
        assertThat(console.toString(StandardCharsets.UTF_8)).doesNotContain("still not delivered");
    }

    @Test
    @DisplayName("a 413 with Retry-After is temporary (RFC 9110): the payload stays in the outbox until then")
    void tooLargeForNowStays(@TempDir Path dir) throws Exception {
        receiver.enqueue(new MockResponse.Builder().code(413).setHeader("Retry-After", "3600").build());
        webhook(dir, VECTOR_SECRET).send(run("batch_later"), List.of(), summary());
        assertThat(dir.resolve("msg_batch_later.json")).content().contains("\"not_before\":\"2026-11-24T11:00:00Z\"");
        assertThat(dir.resolve("quarantine")).doesNotExist();
        assertThat(warnings()).isEmpty();
    }

    @Test
    @DisplayName("a payload the receiver read and refuses as unprocessable (422) is set aside, not sent again every run")
    void unprocessableSetAside(@TempDir Path dir) throws Exception {
        receiver.enqueue(status(422));
        webhook(dir, VECTOR_SECRET).send(run("batch_422"), results(3, "expected: greeting"), summary());
        Path set = dir.resolve("quarantine/msg_batch_422.json");
        assertThat(set).exists();
        assertThat(warnings()).singleElement().asString().contains("msg_batch_422", "HTTP 422", size(set, "msg_batch_422"),
                "receiver's log", "moved to " + set, "move the file back to " + dir.resolve("msg_batch_422.json"));
        webhook(dir, VECTOR_SECRET).redeliverOutbox();
        assertThat(receiver.getRequestCount()).isEqualTo(1);
    }

    @Test
    @DisplayName("a connection reset while the body is being sent is retried, and the message says how much of how large a body went")
    void resetDuringTheBody(@TempDir Path dir) throws Exception {
        for (int i = 0; i < 2; i++) {
            receiver.enqueue(new MockResponse.Builder().code(200).onRequestBody(new mockwebserver3.SocketEffect.CloseSocket()).build());
        }
        // About 28 MiB, more than the sockets' buffers hold: the receiver closes the connection half way through reading it.
        webhook(dir, receiver, 2, Duration.ofSeconds(5), Duration.ofSeconds(60)).send(run("batch_reset"), results(40_000,
                "x".repeat(500)), summary());
        for (int i = 0; i < 2; i++) {
            assertThat(receiver.takeRequest(5, java.util.concurrent.TimeUnit.SECONDS)).as("attempt %d", i + 1).isNotNull();
        }
        assertThat(dir.resolve("msg_batch_reset.json")).exists();
        assertThat(console.toString(StandardCharsets.UTF_8)).containsPattern("msg_batch_reset not delivered \\(\\w+Exception: [^()]*"
                + " \\([0-9.]+ of [0-9.]+ MiB of the body sent\\) after 2 attempts\\)");
    }

    @Test
    @org.junit.jupiter.api.Timeout(value = 30, unit = java.util.concurrent.TimeUnit.SECONDS) // hang guard only
    @DisplayName("a body that takes longer than cognigy.webhook.timeout to upload: the message names the body's size, how much went,"
            + " and the setting to raise")
    void uploadSlowerThanTheTimeout(@TempDir Path dir) throws Exception {
        // The receiver stops reading half way through a body larger than the sockets' buffers: the upload stalls.
        receiver.enqueue(new MockResponse.Builder().code(200).onRequestBody(mockwebserver3.SocketEffect.Stall.INSTANCE).build());
        webhook(dir, receiver, 1, Duration.ofSeconds(1), Duration.ofSeconds(60)).send(run("batch_slow"),
                results(40_000, "x".repeat(500)), summary());
        assertThat(dir.resolve("msg_batch_slow.json")).exists();
        assertThat(console.toString(StandardCharsets.UTF_8)).containsPattern("msg_batch_slow not delivered \\(the [0-9.]+ MiB body"
                + " was not sent within 1 s \\(cognigy.webhook.timeout; [0-9.]+ MiB of it sent\\); on a slow link, raise"
                + " cognigy.webhook.timeout and cognigy.webhook.budget\\)");
    }

    @Test
    @org.junit.jupiter.api.Timeout(value = 30, unit = java.util.concurrent.TimeUnit.SECONDS) // hang guard only
    @DisplayName("an upload cut off by cognigy.webhook.timeout, then a retry the budget cuts shorter: the message still names the"
            + " settings to raise")
    void slowUploadThenBudgetSpent(@TempDir Path dir) throws Exception {
        // Enqueued: a request body's socket effect comes from the queue's next answer, not from a dispatcher's.
        for (int i = 0; i < 3; i++) {
            receiver.enqueue(new MockResponse.Builder().code(200).onRequestBody(mockwebserver3.SocketEffect.Stall.INSTANCE).build());
        }
        // Real time: the attempts really stall. 1 s per attempt, 2.2 s in all: the first ends at its timeout, the backoff
        // waits 250 to 500 ms, and the second has the rest: under 1 s, so the budget cuts it short, and over half a second
        // however busy the machine, so its body has begun to go by then. With 1.6 s in all the rest could be a few ms, the
        // second attempt cut off before its body began, and the message "no answer within" instead.
        WebhookDelivery delivery = new WebhookDelivery(WebhookSettings.defaults().withUrl(receiver.url("/hooks/cognigy").toString())
                .withTimeout(Duration.ofSeconds(1)).withMaxAttempts(3), new WebhookSigner(VECTOR_SECRET), java.time.Clock.systemUTC(),
                dev.botsim.cognigy.engine.transport.Sleeper.SYSTEM, dev.botsim.cognigy.engine.transport.Ticker.SYSTEM);
        new Webhook("proj_1", new Outbox(dir, VECTOR_SECRET, url(receiver)), delivery, Duration.ofMillis(2200), java.time.Clock.systemUTC(),
                new PrintStream(console, true, StandardCharsets.UTF_8)).send(run("batch_slow2"), results(40_000, "x".repeat(500)), summary());
        assertThat(dir.resolve("msg_batch_slow2.json")).exists();
        assertThat(console.toString(StandardCharsets.UTF_8)).contains("msg_batch_slow2 not delivered (the ", " MiB body was not sent within ",
                "this run's delivery budget", "; on a slow link, raise cognigy.webhook.timeout and cognigy.webhook.budget)");
    }

    @Test
    @DisplayName("a receiver that takes no connection in time is said to be out of reach, not to have left the payload"
            + " unanswered: a connect timeout is the same exception as a read timeout")
    void connectTimeoutSaysNoConnection() throws Exception {
        try (dev.botsim.cognigy.engine.transport.TimingOutPort unreachable = new dev.botsim.cognigy.engine.transport.TimingOutPort()) {
            WebhookDelivery delivery = new WebhookDelivery(WebhookSettings.defaults().withUrl(unreachable.url("/hooks/cognigy").toString())
                    .withTimeout(Duration.ofMillis(300)).withMaxAttempts(2), new WebhookSigner(VECTOR_SECRET), clock, d -> {
                        slept.add(d);
                        clock.advance(d);
                    }, VirtualTicker.of(clock));
            try {
                WebhookDelivery.Result result = delivery.deliver("msg_batch_unreachable", "{}".getBytes(StandardCharsets.UTF_8),
                        delivery.deadline(Duration.ofSeconds(60)));
                assertThat(result.status()).isEqualTo(WebhookDelivery.Status.FAILED);
                assertThat(result.problem()).isEqualTo("could not connect within 300 ms (cognigy.webhook.timeout) after 2 attempts");
            } finally {
                delivery.close();
            }
        }
    }

    /** Spools one payload for {@code to} as a run whose delivery failed (503, one attempt) would, under {@code secret}. */
    private void spooledFor(Path outbox, MockWebServer to, String secret, String batch) {
        to.enqueue(status(503));
        webhook(outbox, to, secret, 1, Duration.ofSeconds(2), Duration.ofSeconds(60)).send(run(batch), List.of(), summary());
        assertThat(outbox.resolve("msg_" + batch + ".json")).exists();
    }

    @Test
    @DisplayName("an outbox shared by runs for two receivers with different secrets: the run for B neither sends nor quarantines"
            + " the payload waiting for A, says so in one line, and A's next run delivers it")
    void entryForAnotherReceiverWithAnotherSecretLeft(@TempDir Path dir) throws Exception {
        spooledFor(dir, receiver, VECTOR_SECRET, "batch_a1");
        spooledFor(dir, receiver, VECTOR_SECRET, "batch_a2");
        byte[] spooled = Files.readAllBytes(dir.resolve("msg_batch_a1.json"));
        try (MockWebServer other = LoopbackServers.mockWebServer()) {
            other.enqueue(status(200));
            other.start();
            webhook(dir, other, SECOND_SECRET, 4, Duration.ofSeconds(2), Duration.ofSeconds(60)).redeliverOutbox();
            assertThat(other.getRequestCount()).isZero();
        }
        assertThat(dir.resolve("msg_batch_a1.json")).hasBinaryContent(spooled);
        assertThat(dir.resolve("msg_batch_a2.json")).exists();
        assertThat(dir.resolve("quarantine")).doesNotExist();
        long bytes = Files.size(dir.resolve("msg_batch_a1.json")) + Files.size(dir.resolve("msg_batch_a2.json"));
        assertThat(warnings()).containsExactly("[cognigy] WARNING webhook: 2 payloads in " + dir.toAbsolutePath() + " are for another"
                + " receiver (another URL than cognigy.webhook.url's, its query included), not sent by this run; left for the runs"
                + " that send there. If this receiver moved or its token was rotated, set the old URL in the environment variable"
                + " COGNIGY_WEBHOOK_PREVIOUS_URL for one run: what was spooled for it is delivered here. They hold "
                + WebhookDelivery.size(bytes) + ", the oldest spooled " + clock.instant() + ", for receiver "
                + Outbox.receiver(url(receiver)).substring(0, 12) + " (2); a receiver retired for good never takes them: delete its"
                + " entries (docs/webhook.md, \"Keeping the outbox bounded\")");

        receiver.enqueue(status(200));
        receiver.enqueue(status(200));
        webhook(dir, VECTOR_SECRET).redeliverOutbox();
        assertThat(posts(receiver)).extracting(r -> r.getHeaders().get("webhook-id")).containsExactly("msg_batch_a1", "msg_batch_a2",
                "msg_batch_a1", "msg_batch_a2");
        assertThat(dir.resolve("msg_batch_a1.json")).doesNotExist();
        assertThat(dir.resolve("msg_batch_a2.json")).doesNotExist();
    }

    @Test
    @DisplayName("a receiver retired after a year of hourly runs left 8,760 payloads in the outbox: every later run leaves them"
            + " and says how many, how much they hold, since when and for which receiver, and delivers its own")
    void aYearOfPayloadsForARetiredReceiver(@TempDir Path dir) throws Exception {
        String retired = "https://qa-old.example.com/hooks/cognigy";
        // Spooled as the runs spooled them, without forcing each to the disk: the test measures what is left, not the disk.
        dev.botsim.cognigy.engine.support.PartialFile.Disk unforced = new dev.botsim.cognigy.engine.support.PartialFile.Disk() {
            @Override
            public void force(java.nio.channels.FileChannel file) {
            }

            @Override
            public Path move(Path partial, Path target) throws java.io.IOException {
                return Files.move(partial, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            }

            @Override
            public void forceDirectory(Path directory) {
            }
        };
        Outbox old = new Outbox(dir, VECTOR_SECRET, retired, unforced);
        byte[] body = ("{\"project_id\":\"proj_1\",\"detailed_results\":[" + "{\"test_id\":\"t\",\"outcome\":\"passed\"},".repeat(40)
                + "{}]}").getBytes(StandardCharsets.UTF_8);
        java.time.Instant first = java.time.Instant.parse("2026-01-01T03:00:00Z");
        for (int hour = 0; hour < 8_760; hour++) {
            old.write(new Outbox.Message(String.format(java.util.Locale.ROOT, "msg_batch_%012x", hour), first.plusSeconds(3_600L * hour),
                    null, body));
        }
        long bytes;
        try (java.util.stream.Stream<Path> files = Files.list(dir)) {
            bytes = files.mapToLong(file -> file.toFile().length()).sum();
        }
        Outbox outbox = outbox(dir, VECTOR_SECRET);
        receiver.enqueue(status(200));
        Webhook webhook = new Webhook("proj_1", outbox, new WebhookDelivery(WebhookSettings.defaults().withUrl(url(receiver))
                .withTimeout(Duration.ofSeconds(2)).withMaxAttempts(1), new WebhookSigner(VECTOR_SECRET), clock, clock::advance,
                VirtualTicker.of(clock)), Duration.ofSeconds(60), clock, new PrintStream(console, true, StandardCharsets.UTF_8));

        webhook.redeliverOutbox();
        webhook.send(run("batch_2027"), List.of(), summary());

        assertThat(receiver.takeRequest().getHeaders().get("webhook-id")).isEqualTo("msg_batch_2027");
        assertThat(warnings()).singleElement().asString().startsWith("[cognigy] WARNING webhook: 8760 payloads in " + dir.toAbsolutePath()
                + " are for another receiver").endsWith("what was spooled for it is delivered here. They hold "
                + WebhookDelivery.size(bytes) + ", the oldest spooled 2026-01-01T03:00:00Z, for receiver "
                + Outbox.receiver(retired).substring(0, 12) + " (8760); a receiver retired for good never takes them: delete its entries"
                + " (docs/webhook.md, \"Keeping the outbox bounded\")");
        try (java.util.stream.Stream<Path> files = Files.list(dir)) {
            assertThat(files.count()).isEqualTo(8_760);
        }
    }

    @Test
    @DisplayName("an outbox shared by runs for two receivers with the same secret: the run for B does not send A's payload to B;"
            + " A's next run delivers it")
    void entryForAnotherReceiverWithTheSameSecretNotSentThere(@TempDir Path dir) throws Exception {
        spooledFor(dir, receiver, VECTOR_SECRET, "batch_a");
        try (MockWebServer other = LoopbackServers.mockWebServer()) {
            other.enqueue(status(200));
            other.start();
            webhook(dir, other, VECTOR_SECRET, 4, Duration.ofSeconds(2), Duration.ofSeconds(60)).redeliverOutbox();
            assertThat(other.getRequestCount()).as("B's receiver never gets A's payload").isZero();
        }
        assertThat(dir.resolve("msg_batch_a.json")).exists();
        assertThat(warnings()).singleElement().asString().startsWith("[cognigy] WARNING webhook: 1 payload in " + dir.toAbsolutePath()
                + " is for another receiver (").contains("set the old URL in the environment variable COGNIGY_WEBHOOK_PREVIOUS_URL for one run:"
                + " what was spooled for it is delivered here. It holds ").endsWith(" (1); a receiver retired for good never takes them:"
                + " delete its entries (docs/webhook.md, \"Keeping the outbox bounded\")");

        receiver.enqueue(status(200));
        webhook(dir, VECTOR_SECRET).redeliverOutbox();
        assertThat(posts(receiver)).extracting(r -> r.getHeaders().get("webhook-id")).containsExactly("msg_batch_a", "msg_batch_a");
        assertThat(dir.resolve("msg_batch_a.json")).doesNotExist();
    }
    @Test
    @DisplayName("the same address with another query (another project's receiver, or a rotated token): a payload waiting"
            + " for one is neither sent to the other nor quarantined by a run holding the other's secret; a warning says so")
    void anotherQueryIsAnotherReceiver(@TempDir Path dir) throws Exception {
        String checkout = receiver.url("/hooks/cognigy?project=checkout").toString();
        String payments = receiver.url("/hooks/cognigy?project=payments").toString();
        receiver.enqueue(status(503));
        webhookTo(dir, checkout, VECTOR_SECRET).send(run("batch_checkout"), List.of(), summary());
        receiver.takeRequest();
        Path waiting = dir.resolve("msg_batch_checkout.json");
        byte[] spooled = Files.readAllBytes(waiting);

        webhookTo(dir, payments, SECOND_SECRET).redeliverOutbox();
        webhookTo(dir, payments, VECTOR_SECRET).redeliverOutbox();

        assertThat(receiver.getRequestCount()).as("the checkout payload never goes to the payments project").isEqualTo(1);
        assertThat(waiting).hasBinaryContent(spooled);
        assertThat(dir.resolve("quarantine")).doesNotExist();
        assertThat(warnings()).hasSize(2).allSatisfy(w -> assertThat(w).startsWith("[cognigy] WARNING webhook: 1 payload in "
                + dir.toAbsolutePath() + " is for another receiver (another URL than cognigy.webhook.url's, its query included)"));

        receiver.enqueue(status(204));
        webhookTo(dir, checkout, VECTOR_SECRET).redeliverOutbox();
        assertThat(receiver.takeRequest().getUrl().toString()).isEqualTo(checkout);
        assertThat(waiting).doesNotExist();
    }

    private Webhook webhookTo(Path outbox, String url, String secret) {
        return webhookTo(outbox, url, Optional.empty(), secret);
    }

    private Webhook webhookTo(Path outbox, String url, Optional<String> previousUrl, String secret) {
        WebhookDelivery delivery = new WebhookDelivery(WebhookSettings.defaults().withUrl(url).withTimeout(Duration.ofSeconds(2))
                .withMaxAttempts(1), new WebhookSigner(secret), clock, clock::advance, VirtualTicker.of(clock));
        return new Webhook("proj_1", new Outbox(outbox, secret, url, previousUrl), delivery, Duration.ofSeconds(60), clock,
                new PrintStream(console, true, StandardCharsets.UTF_8));
    }

    /** The next request the receiver got, within 5 s: a test of a request that never comes fails instead of hanging. */
    private static RecordedRequest delivered(MockWebServer server) throws InterruptedException {
        RecordedRequest request = server.takeRequest(5, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(request).as("a request within 5 s").isNotNull();
        return request;
    }

    @Test
    @DisplayName("a token rotated in the receiver's URL, the old one revoked: a run told the old URL (COGNIGY_WEBHOOK_PREVIOUS_URL)"
            + " delivers what was spooled for it to the new URL, signed, and leaves another project's payload where it is")
    void previousUrlsPayloadsDeliveredToTheNewUrl(@TempDir Path dir) throws Exception {
        String old = receiver.url("/hooks/cognigy?project=checkout&token=old-token-0123456789").toString();
        String rotated = receiver.url("/hooks/cognigy?project=checkout&token=new-token-0123456789").toString();
        String payments = receiver.url("/hooks/cognigy?project=payments&token=old-token-0123456789").toString();
        receiver.enqueue(status(503));
        receiver.enqueue(status(503));
        webhookTo(dir, old, VECTOR_SECRET).send(run("batch_checkout"), List.of(), summary());
        webhookTo(dir, payments, VECTOR_SECRET).send(run("batch_payments"), List.of(), summary());
        delivered(receiver);
        delivered(receiver);
        byte[] payments0 = Files.readAllBytes(dir.resolve("msg_batch_payments.json"));
        console.reset();

        receiver.enqueue(status(204));
        webhookTo(dir, rotated, Optional.of(old), VECTOR_SECRET).redeliverOutbox();

        RecordedRequest delivered = delivered(receiver);
        assertThat(delivered.getUrl().toString()).isEqualTo(rotated);
        assertThat(delivered.getHeaders().get("webhook-id")).isEqualTo("msg_batch_checkout");
        assertThat(verifiesIndependently(delivered, VECTOR_SECRET)).isTrue();
        assertThat(receiver.getRequestCount()).as("the payments project's payload goes nowhere").isEqualTo(3);
        assertThat(dir.resolve("msg_batch_checkout.json")).doesNotExist();
        assertThat(dir.resolve("msg_batch_payments.json")).hasBinaryContent(payments0);
        assertThat(dir.resolve("quarantine")).doesNotExist();
        assertThat(console.toString(StandardCharsets.UTF_8)).contains("[cognigy] webhook: delivered msg_batch_checkout spooled by an"
                + " earlier run for the previous URL (COGNIGY_WEBHOOK_PREVIOUS_URL)");
        assertThat(warnings()).singleElement().asString().startsWith("[cognigy] WARNING webhook: 1 payload in ");
    }

    @Test
    @DisplayName("a payload spooled for the previous URL is checked as that receiver's: one edited is quarantined, never sent")
    void previousUrlsPayloadStillAuthenticated(@TempDir Path dir) throws Exception {
        String old = receiver.url("/hooks/cognigy?token=old-token-0123456789").toString();
        String rotated = receiver.url("/hooks/cognigy?token=new-token-0123456789").toString();
        receiver.enqueue(status(503));
        webhookTo(dir, old, VECTOR_SECRET).send(run("batch_edited"), List.of(), summary());
        delivered(receiver);
        Path spooled = dir.resolve("msg_batch_edited.json");
        Files.writeString(spooled, Files.readString(spooled).replace("REVIEW_REQUIRED", "COMPLIANT"));
        assertThat(Files.readString(spooled)).doesNotContain("REVIEW_REQUIRED");

        webhookTo(dir, rotated, Optional.of(old), VECTOR_SECRET).redeliverOutbox();

        assertThat(receiver.getRequestCount()).isEqualTo(1);
        assertThat(dir.resolve("quarantine/msg_batch_edited.json")).exists();
        assertThat(warnings()).singleElement().asString().contains("its mac does not match");
    }

    @Test
    @DisplayName("a payload of the previous URL the new receiver asks to wait for (Retry-After) is kept for the new URL: the"
            + " next run, told no previous URL, delivers it")
    void previousUrlsPayloadKeptForTheNewUrl(@TempDir Path dir) throws Exception {
        String old = receiver.url("/hooks/cognigy?token=old-token-0123456789").toString();
        String rotated = receiver.url("/hooks/cognigy?token=new-token-0123456789").toString();
        receiver.enqueue(status(503));
        webhookTo(dir, old, VECTOR_SECRET).send(run("batch_waits"), List.of(), summary());
        delivered(receiver);

        receiver.enqueue(new MockResponse.Builder().code(503).setHeader("Retry-After", "120").build());
        webhookTo(dir, rotated, Optional.of(old), VECTOR_SECRET).redeliverOutbox();
        assertThat(delivered(receiver).getUrl().toString()).isEqualTo(rotated);
        assertThat(dir.resolve("msg_batch_waits.json")).exists();

        clock.advance(Duration.ofSeconds(121));
        receiver.enqueue(status(204));
        webhookTo(dir, rotated, VECTOR_SECRET).redeliverOutbox();
        RecordedRequest delivered = delivered(receiver);
        assertThat(delivered.getUrl().toString()).isEqualTo(rotated);
        assertThat(delivered.getHeaders().get("webhook-id")).isEqualTo("msg_batch_waits");
        assertThat(dir.resolve("msg_batch_waits.json")).doesNotExist();
    }

    /**
     * An entry as engines wrote them before entries named their receiver, built from that format's description alone: its
     * MAC is HMAC-SHA256, keyed with the HMAC-SHA256 of "cognigy-junit outbox entry v1" under the secret's key, of the
     * webhook id, a line break and the body.
     */
    private static String legacyEntry(String id, String body, String secret) throws Exception {
        javax.crypto.Mac hmac = javax.crypto.Mac.getInstance("HmacSHA256");
        hmac.init(new javax.crypto.spec.SecretKeySpec(java.util.Base64.getDecoder().decode(secret.substring("whsec_".length())),
                "HmacSHA256"));
        byte[] entryKey = hmac.doFinal("cognigy-junit outbox entry v1".getBytes(StandardCharsets.UTF_8));
        hmac.init(new javax.crypto.spec.SecretKeySpec(entryKey, "HmacSHA256"));
        hmac.update((id + "\n").getBytes(StandardCharsets.US_ASCII));
        String mac = java.util.HexFormat.of().formatHex(hmac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
        Map<String, Object> entry = new java.util.LinkedHashMap<>();
        entry.put("webhook_id", id);
        entry.put("spooled_at", "2026-11-24T09:00:00Z");
        entry.put("not_before", null);
        entry.put("body", body);
        entry.put("mac", "hmac-sha256:" + mac);
        return tools.jackson.databind.json.JsonMapper.builder().build().writeValueAsString(entry);
    }

    /** The secret the engine of 2026-12-03 spooled {@code /webhook/outbox-2026-12-03/} under. */
    private static final String SECRET_OF_2026_12_03 = "whsec_a2tra2tra2tra2tra2tra2tra2tra2tra2tra2tra2s=";

    @Test
    @DisplayName("an entry spooled by an earlier version (the engine of 2026-12-03, byte for byte, no version) is delivered; one"
            + " of a later version — a newer engine sharing the outbox, its entries authenticated otherwise — is neither sent"
            + " nor quarantined but left for that engine, with a warning naming its version; entries say their version first")
    void entriesOfEarlierAndLaterVersions(@TempDir Path dir) throws Exception {
        // Spooled for this URL, whose receiver was down; the mock stands in for it as the previous URL.
        String spooledFor = "http://127.0.0.1:9/hook?project=checkout";
        Path earlier = dir.resolve("msg_batch_602089b1fc50.json");
        try (var in = WebhookTest.class.getResourceAsStream("/webhook/outbox-2026-12-03/msg_batch_602089b1fc50.json")) {
            Files.copy(in, earlier);
        }
        String written = Files.readString(earlier);
        assertThat(written).startsWith("{\"webhook_id\":").doesNotContain("\"version\"");
        String body = tools.jackson.databind.json.JsonMapper.builder().build().readTree(written).get("body").asString();
        // As a newer engine could write one: its version above this one's, its MAC keyed otherwise.
        String newer = written.replace("{\"webhook_id\":\"msg_batch_602089b1fc50\"", "{\"version\":3,\"webhook_id\":\"msg_batch_later\"")
                .replaceAll("hmac-sha256:[0-9a-f]{64}", "hmac-sha256:" + "5e".repeat(32));
        Path later = Files.writeString(dir.resolve("msg_batch_later.json"), newer);
        receiver.enqueue(status(204));
        receiver.enqueue(status(204));

        webhookTo(dir, url(receiver), Optional.of(spooledFor), SECRET_OF_2026_12_03).redeliverOutbox();

        RecordedRequest delivered = delivered(receiver);
        assertThat(delivered.getHeaders().get("webhook-id")).isEqualTo("msg_batch_602089b1fc50");
        assertThat(delivered.getBody().utf8()).isEqualTo(body);
        assertThat(earlier).doesNotExist();
        assertThat(receiver.getRequestCount()).as("the later version's entry is not this run's to send").isEqualTo(1);
        assertThat(later).as("nor to set aside").content().isEqualTo(newer);
        assertThat(dir.resolve("quarantine")).doesNotExist();
        assertThat(warnings()).singleElement().asString().contains("1 payload in " + dir.toAbsolutePath() + " was spooled by a"
                + " newer version of cognigy-junit (outbox entry version 3; this one reads version 2 and earlier), not sent by"
                + " this run nor set aside; left for a run of that version or later");

        Outbox.Message message = new Outbox.Message("msg_batch_now", java.time.Instant.parse("2026-12-04T10:00:00Z"), null,
                "{}".getBytes(StandardCharsets.UTF_8));
        assertThat(outbox(dir, VECTOR_SECRET).write(message)).content().startsWith("{\"version\":2,\"webhook_id\":\"msg_batch_now\"");
    }

    @Test
    @DisplayName("an outbox entry written before entries named their receiver is delivered as before, as this run's receiver's;"
            + " saved again for a Retry-After, it names that receiver")
    void entryWithoutReceiverDeliveredAsBefore(@TempDir Path dir) throws Exception {
        String body = "{\"batch_id\":\"batch_legacy\",\"governance\":\"COMPLIANT\"}";
        Path legacy = Files.writeString(dir.resolve("msg_batch_legacy.json"), legacyEntry("msg_batch_legacy", body, VECTOR_SECRET));
        assertThat(Files.readString(legacy)).doesNotContain("receiver");
        receiver.enqueue(new MockResponse.Builder().code(503).setHeader("Retry-After", "120").build());

        webhook(dir, VECTOR_SECRET).redeliverOutbox();

        RecordedRequest refused = receiver.takeRequest(5, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(refused).as(console.toString(StandardCharsets.UTF_8)).isNotNull();
        assertThat(refused.getBody().utf8()).isEqualTo(body);
        assertThat(legacy).content().contains("\"receiver\":\"" + Outbox.receiver(url(receiver)) + "\"");
        clock.advance(Duration.ofSeconds(120));
        receiver.enqueue(status(200));
        webhook(dir, VECTOR_SECRET).redeliverOutbox();
        RecordedRequest delivered = receiver.takeRequest(5, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(delivered).as(console.toString(StandardCharsets.UTF_8)).isNotNull();
        assertThat(delivered.getHeaders().get("webhook-id")).isEqualTo("msg_batch_legacy");
        assertThat(delivered.getBody().utf8()).isEqualTo(body);
        assertThat(verifiesIndependently(delivered, VECTOR_SECRET)).isTrue();
        assertThat(legacy).doesNotExist();
        assertThat(dir.resolve("quarantine")).doesNotExist();
        assertThat(console.toString(StandardCharsets.UTF_8)).doesNotContain("WARNING", "another receiver");
    }

    @Test
    @DisplayName("an entry names its receiver by the SHA-256 of its URL, never the URL (which may hold a token); one of this"
            + " run's receiver whose MAC fails is quarantined: its body edited, another receiver's entry renamed to this one,"
            + " or its receiver removed")
    void tamperedEntryForThisReceiverQuarantined(@TempDir Path dir) throws Exception {
        spooledByEarlierRuns(dir, "batch_edited", "batch_stripped");
        String mine = Outbox.receiver(url(receiver));
        assertThat(mine).isEqualTo(dev.botsim.cognigy.engine.support.Sha256.hex(url(receiver).getBytes(StandardCharsets.UTF_8)));
        Path edited = dir.resolve("msg_batch_edited.json");
        assertThat(edited).content().contains("\"receiver\":\"" + mine + "\"").doesNotContain(url(receiver));
        Files.writeString(edited, Files.readString(edited).replace("REVIEW_REQUIRED", "COMPLIANT"));
        Path stripped = dir.resolve("msg_batch_stripped.json");
        Files.writeString(stripped, Files.readString(stripped).replace("\"receiver\":\"" + mine + "\",", ""));
        assertThat(stripped).content().doesNotContain("receiver");
        // Spooled for another receiver under the same secret, then made to name this one.
        try (MockWebServer other = LoopbackServers.mockWebServer()) {
            other.start();
            spooledFor(dir, other, VECTOR_SECRET, "batch_renamed");
            Path renamed = dir.resolve("msg_batch_renamed.json");
            Files.writeString(renamed, Files.readString(renamed).replace(Outbox.receiver(url(other)), mine));
        }
        for (int i = 0; i < 3; i++) receiver.enqueue(status(200));

        webhook(dir, VECTOR_SECRET).redeliverOutbox();

        assertThat(receiver.getRequestCount()).as("nothing tampered with goes out").isZero();
        assertThat(dir.resolve("quarantine")).isDirectoryContaining("glob:**/msg_batch_edited.json")
                .isDirectoryContaining("glob:**/msg_batch_stripped.json").isDirectoryContaining("glob:**/msg_batch_renamed.json");
        assertThat(warnings()).hasSize(3).allSatisfy(w -> assertThat(w).contains("its mac does not match", "moved to"));
        assertThat(warnings()).filteredOn(w -> w.contains("msg_batch_stripped")).singleElement().asString()
                .contains("its mac does not match its webhook_id and body");
        assertThat(warnings()).filteredOn(w -> w.contains("msg_batch_renamed")).singleElement().asString()
                .contains("its mac does not match its receiver, webhook_id and body");
    }

    @Test
    @DisplayName("two runs setting the same bad file aside at once: the one whose move finds it gone already says nothing")
    void quarantineRaceQuiet(@TempDir Path dir) throws Exception {
        Path bad = Files.writeString(dir.resolve("msg_batch_bad.json"), "{\"webhook_id\":\"msg_batch_bad\"");
        Outbox outbox = outbox(dir, VECTOR_SECRET);
        // The other run's move, between this run's listing and its own.
        Files.move(bad, Files.createDirectories(outbox.quarantine()).resolve("msg_batch_bad.json"));

        assertThat(outbox.setAside(bad, "not valid JSON")).isEmpty();

        try (java.util.stream.Stream<Path> set = Files.list(outbox.quarantine())) {
            assertThat(set).extracting(p -> p.getFileName().toString()).containsExactly("msg_batch_bad.json");
        }
    }

    @Test
    @DisplayName("reading an outbox of 20 entries of 1 MiB reads the fields before each body, not the bodies — of entries"
            + " written before entries said their version too: an entry's body is read when the entry is loaded to be sent,"
            + " and one cut short in its body is found then, and set aside")
    void outboxListedWithoutItsBodies(@TempDir Path dir) throws Exception {
        byte[] body = ("{\"batch_id\":\"batch_big\",\"pad\":\"" + "x".repeat(1 << 20) + "\"}").getBytes(StandardCharsets.UTF_8);
        Outbox writer = outbox(dir, VECTOR_SECRET);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            ids.add("msg_batch_" + (char) ('a' + i));
            Path entry = writer.write(new Outbox.Message(ids.get(i), clock.instant().plusSeconds(20 - i), null, body));
            // Every other one as spooled before entries said their version: the same fields, without it.
            if (i % 2 == 1) Files.writeString(entry, Files.readString(entry).replace("{\"version\":2,", "{"));
        }
        java.util.Collections.reverse(ids); // oldest first
        Path cut = writer.write(new Outbox.Message("msg_batch_cut", clock.instant().plusSeconds(30), null, body));
        Files.write(cut, java.util.Arrays.copyOf(Files.readAllBytes(cut), (int) Files.size(cut) / 2));

        Outbox outbox = outbox(dir, VECTOR_SECRET);
        Outbox.Contents contents = outbox.read();

        assertThat(contents.quarantined()).as("nothing wrong before the bodies").isEmpty();
        assertThat(contents.entries()).extracting(Outbox.Entry::id).containsExactlyElementsOf(
                java.util.stream.Stream.concat(ids.stream(), java.util.stream.Stream.of("msg_batch_cut")).toList());
        assertThat(outbox.bytesRead()).as("21 entries of over 1 MiB each listed").isLessThan(21 * 16 * 1024);

        long listed = outbox.bytesRead();
        Outbox.Loaded first = outbox.load(contents.entries().get(0));
        assertThat(first.quarantined()).isNull();
        assertThat(first.message().id()).isEqualTo("msg_batch_t");
        assertThat(first.message().body()).isEqualTo(body);
        assertThat(outbox.bytesRead() - listed).isGreaterThan(body.length);

        Outbox.Loaded broken = outbox.load(contents.entries().get(20));
        assertThat(broken.message()).isNull();
        assertThat(broken.quarantined().why()).startsWith("not valid JSON: ");
        assertThat(broken.quarantined().movedTo()).isEqualTo(dir.resolve("quarantine/msg_batch_cut.json"));
    }

    @Test
    @DisplayName("an entry another run delivers or sets aside between this run's reading of the outbox and the entry's turn is"
            + " not sent again, and nothing is said of it; the entries after it go")
    void entryGoneBeforeItsTurnSkippedQuietly(@TempDir Path dir) throws Exception {
        spooledByEarlierRuns(dir, "batch_1", "batch_2", "batch_3");
        console.reset(); // what the earlier runs said
        receiver.setDispatcher(new mockwebserver3.Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                try {
                    // Meanwhile, another run sharing the outbox delivers the second entry.
                    if ("msg_batch_1".equals(request.getHeaders().get("webhook-id"))) Files.delete(dir.resolve("msg_batch_2.json"));
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                return status(200);
            }
        });

        webhook(dir, VECTOR_SECRET).redeliverOutbox();

        assertThat(posts(receiver)).extracting(r -> r.getHeaders().get("webhook-id")).containsExactly("msg_batch_1", "msg_batch_3");
        assertThat(console.toString(StandardCharsets.UTF_8).lines()).containsExactly(
                "[cognigy] webhook: delivered msg_batch_1 spooled by an earlier run",
                "[cognigy] webhook: delivered msg_batch_3 spooled by an earlier run");
        assertThat(dir.resolve("quarantine")).doesNotExist();
    }

    @Test
    @DisplayName("an entry is checked when its turn comes: one edited after this run read the outbox is quarantined then, never"
            + " sent; the entries after it go")
    void entryEditedBeforeItsTurnQuarantined(@TempDir Path dir) throws Exception {
        spooledByEarlierRuns(dir, "batch_1", "batch_2", "batch_3");
        Path second = dir.resolve("msg_batch_2.json");
        receiver.setDispatcher(new mockwebserver3.Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                try {
                    if ("msg_batch_1".equals(request.getHeaders().get("webhook-id"))) {
                        Files.writeString(second, Files.readString(second).replace("REVIEW_REQUIRED", "COMPLIANT"));
                    }
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                return status(200);
            }
        });

        webhook(dir, VECTOR_SECRET).redeliverOutbox();

        assertThat(posts(receiver)).extracting(r -> r.getHeaders().get("webhook-id")).containsExactly("msg_batch_1", "msg_batch_3");
        assertThat(dir.resolve("quarantine/msg_batch_2.json")).content().contains("COMPLIANT");
        assertThat(warnings()).singleElement().asString().contains(second.toAbsolutePath() + " is not an outbox message (its mac does"
                + " not match its receiver, webhook_id and body", "moved to " + dir.resolve("quarantine/msg_batch_2.json").toAbsolutePath());
    }

    @Test
    @DisplayName("an outbox entry is written as it always was — its fields in order, now after its version, the body's exact"
            + " bytes as a JSON string — whatever the body holds: quotes, backslashes, control characters, non-ASCII text")
    void entryWrittenAsBefore(@TempDir Path dir) throws Exception {
        String text = "\"quoted\" \\ back\u0001\t\n\u007f é \u2028 \uD83D\uDE00 </script>";
        byte[] body = tools.jackson.databind.json.JsonMapper.builder().build().writeValueAsBytes(Map.of("message", text));
        Instant spooled = Instant.parse("2026-11-24T10:00:00Z");
        Outbox outbox = outbox(dir, VECTOR_SECRET);

        Path file = outbox.write(new Outbox.Message("msg_batch_text", spooled, spooled.plusSeconds(60), body));

        String receiverHex = Outbox.receiver(url(receiver));
        Map<String, Object> expected = new java.util.LinkedHashMap<>();
        expected.put("version", 2);
        expected.put("webhook_id", "msg_batch_text");
        expected.put("receiver", receiverHex);
        expected.put("spooled_at", "2026-11-24T10:00:00Z");
        expected.put("not_before", "2026-11-24T10:01:00Z");
        expected.put("body", new String(body, StandardCharsets.UTF_8));
        String mac = tools.jackson.databind.json.JsonMapper.builder().build().readTree(file.toFile()).path("mac").asString();
        expected.put("mac", mac);
        assertThat(file).hasBinaryContent(tools.jackson.databind.json.JsonMapper.builder().build().writeValueAsBytes(expected));
        assertThat(mac).startsWith("hmac-sha256:");
        Outbox.Loaded loaded = outbox.load(outbox.read().entries().get(0));
        assertThat(loaded.message().body()).isEqualTo(body);
        assertThat(loaded.message().notBefore()).isEqualTo(spooled.plusSeconds(60));
    }

    @Test
    @DisplayName("an outbox entry giving a field twice is set aside when its turn comes, never sent: what the outbox is read"
            + " by before the body is what the entry is checked and sent by")
    void entryWithAFieldTwiceQuarantined(@TempDir Path dir) throws Exception {
        spooledByEarlierRuns(dir, "batch_twice");
        Path twice = dir.resolve("msg_batch_twice.json");
        String spooled = Files.readString(twice);
        Files.writeString(twice, spooled.substring(0, spooled.length() - 1) + ",\"receiver\":\"" + Outbox.receiver(url(receiver)) + "\"}");
        console.reset();
        receiver.enqueue(status(200));

        webhook(dir, VECTOR_SECRET).redeliverOutbox();

        assertThat(receiver.getRequestCount()).isZero();
        assertThat(dir.resolve("quarantine/msg_batch_twice.json")).exists();
        assertThat(warnings()).singleElement().asString().contains("msg_batch_twice.json is not an outbox message (not valid JSON: ",
                "receiver");
    }
    @Test
    @DisplayName("two spellings of one webhook URL (the host's case, the scheme's default port) name one receiver in the"
            + " outbox; another path or query is another")
    void outboxNamesAReceiverAsOkHttpSendsToIt() {
        assertThat(Outbox.receiver("https://Hooks.Example.com:443/x?project=checkout"))
                .isEqualTo(Outbox.receiver("https://hooks.example.com/x?project=checkout"));
        assertThat(Outbox.receiver("https://hooks.example.com/x?project=checkout"))
                .isNotEqualTo(Outbox.receiver("https://hooks.example.com/x?project=billing"))
                .isNotEqualTo(Outbox.receiver("https://hooks.example.com/X?project=checkout"));
        assertThat(Outbox.receiver("not a url")).isEqualTo(dev.botsim.cognigy.engine.support.Sha256.hex(
                "not a url".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    @DisplayName("an entry rewritten by a newer engine between the listing and its turn is left for that engine, neither sent"
            + " nor set aside; an authenticated entry whose body is no JSON object is set aside when its turn comes, never sent")
    void entryCheckedWholeWhenItsTurnComes(@TempDir Path dir) throws Exception {
        Outbox outbox = outbox(dir, VECTOR_SECRET);
        Path newer = outbox.write(new Outbox.Message("msg_batch_newer", clock.instant(), null,
                "{\"batch_id\":\"batch_newer\"}".getBytes(StandardCharsets.UTF_8)));
        Outbox.Entry listed = outbox.read().entries().get(0);
        Files.writeString(newer, Files.readString(newer).replace("{\"version\":2,", "{\"version\":3,"));
        Outbox.Loaded left = outbox.load(listed);
        assertThat(left.message()).isNull();
        assertThat(left.quarantined()).isNull();
        assertThat(newer).exists();
        Files.delete(newer);

        Path garbage = outbox.write(new Outbox.Message("msg_batch_garbage", clock.instant(), null,
                "[\"not\", \"an object\"]".getBytes(StandardCharsets.UTF_8)));
        Outbox.Loaded setAside = outbox.load(outbox.read().entries().get(0));
        assertThat(setAside.message()).isNull();
        assertThat(setAside.quarantined()).isNotNull();
        assertThat(setAside.quarantined().why()).isEqualTo("its body is not a JSON object");
        assertThat(garbage).doesNotExist();
        assertThat(dir.resolve("quarantine/msg_batch_garbage.json")).exists();
    }
}
