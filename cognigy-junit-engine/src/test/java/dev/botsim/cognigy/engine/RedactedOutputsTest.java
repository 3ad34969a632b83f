package dev.botsim.cognigy.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectFile;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.botsim.cognigy.engine.config.Constants;
import dev.botsim.cognigy.engine.support.Redaction;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What leaves this machine — the QA webhook's payload, its outbox entry, the GitHub Actions job summary and annotations —
 * carries what {@code cognigy.replay.redact} names as its digest, wherever a test's name, its failure or the bot's answer
 * quotes it, while {@code results.json} stays whole. End to end against the in-process sandbox: a bot that finds the
 * e-mail address in what the user says, fills its slot {@code email} and says it back.
 */
class RedactedOutputsTest {

    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String ADDRESS = "ann@example.com";
    private static final String EXPECTED_ADDRESS = "bob@example.org";
    private static final String OTHER_ADDRESS = "carl@example.net";

    @TempDir
    Path dir;

    private final ByteArrayOutputStream console = new ByteArrayOutputStream();

    private String bot() throws Exception {
        return Files.writeString(dir.resolve("invoice-bot.yaml"), "bot: invoice-bot\nthreshold: 0.35\nentities:\n  - name: email\n"
                + "    pattern: \"[\\\\w.+-]+@[\\\\w-]+\\\\.[\\\\w.]+\"\nflows:\n  - id: flow_invoice\n    intents:\n"
                + "      - name: send_invoice\n        examples: [send my invoice to, email my invoice to, mail the invoice to]\n"
                + "    responses: [\"I will send your invoice to {email}.\"]\nfallback:\n  flow: flow_fallback\n"
                + "  response: \"Sorry?\"\n").toString();
    }

    /** Two failing tests: one expecting another address in the slot, one another text. */
    private Path suite() throws Exception {
        return Files.writeString(Files.createDirectories(dir.resolve("tests")).resolve("invoice.sim.yaml"), """
                version: 1
                bot: invoice-bot
                cases:
                  - id: test_invoice
                    utterance: send my invoice to %s
                    expect: { intent: send_invoice, entities: { email: %s } }
                  - id: test_text
                    utterance: email my invoice to %s
                    expect: { response_contains: "by post" }
                """.formatted(ADDRESS, EXPECTED_ADDRESS, OTHER_ADDRESS));
    }

    /** A run with the webhook to {@code receiver} and the GitHub Actions outputs; {@code redact} as cognigy.replay.redact. */
    private void run(MockWebServer receiver, String redact) throws Exception {
        Map<String, String> parameters = new HashMap<>();
        if (redact != null) parameters.put(Constants.REPLAY_REDACT, redact);
        parameters.put(Constants.WEBHOOK_URL, receiver.url("/hook").toString());
        parameters.put(Constants.WEBHOOK_OUTBOX_DIR, dir.resolve("outbox").toString());
        parameters.put(Constants.WEBHOOK_MAX_ATTEMPTS, "1");
        Map<String, String> environment = Map.of(Constants.WEBHOOK_SECRET_ENV, SECRET, "GITHUB_ACTIONS", "true",
                "GITHUB_STEP_SUMMARY", dir.resolve("step_summary.md").toString(), "GITHUB_WORKSPACE", dir.toString());
        EngineTestSupport.sandboxRun(bot(), dir, console, environment, parameters, selectFile(suite().toFile()))
                .testEvents().assertStatistics(stats -> stats.failed(2));
    }

    private static MockWebServer answering(int status) throws Exception {
        MockWebServer receiver = LoopbackServers.mockWebServer();
        receiver.enqueue(new MockResponse.Builder().code(status).build());
        receiver.start();
        return receiver;
    }

    private String resultsJson() throws Exception {
        return Files.readString(dir.resolve("reports/results.json"));
    }

    @Test
    @DisplayName("the webhook's payload names the redacted slot's value, in test names and failure messages, only by its digest"
            + " — what the user said, what the bot filled the slot with and said back, what the test expected — and its"
            + " signature verifies over those bytes; results.json keeps every value")
    void webhookPayload() throws Exception {
        RecordedRequest delivery;
        try (MockWebServer receiver = answering(204)) {
            run(receiver, "email");
            delivery = receiver.takeRequest(10, TimeUnit.SECONDS);
        }
        assertThat(delivery).as("the run's payload").isNotNull();
        String body = delivery.getBody().utf8();
        assertThat(body).doesNotContain(ADDRESS, EXPECTED_ADDRESS, OTHER_ADDRESS);
        JsonNode payload = JsonMapper.builder().build().readTree(body);
        Map<String, JsonNode> byTest = new HashMap<>();
        payload.get("detailed_results").forEach(r -> byTest.put(r.get("test_id").asString(), r));
        String digest = Redaction.digested(ADDRESS);
        assertThat(digest).isEqualTo("<redacted sha256:1262560ebe76cd2e>"); // as docs/approved-answers.md shows it
        assertThat(byTest.get("test_invoice").get("name").asString()).isEqualTo("send my invoice to " + digest);
        assertThat(byTest.get("test_invoice").get("message").asString())
                .contains("for \"send my invoice to " + digest + "\" in entities.email")
                .contains("expected: \"" + Redaction.digested(EXPECTED_ADDRESS) + "\"", "but was: \"" + digest + "\"")
                .contains("text=\"I will send your invoice to " + digest + ".\"");
        assertThat(byTest.get("test_text").get("name").asString()).isEqualTo("email my invoice to " + Redaction.digested(OTHER_ADDRESS));
        assertThat(verifies(delivery)).as("the signature covers the redacted bytes").isTrue();

        assertThat(resultsJson()).as("a local report keeps what the test said and the bot answered")
                .contains(ADDRESS, EXPECTED_ADDRESS, OTHER_ADDRESS).doesNotContain("<redacted");
    }

    @Test
    @DisplayName("a payload the receiver did not take waits in the outbox as it was signed: without the redacted values")
    void outboxEntry() throws Exception {
        RecordedRequest attempt;
        try (MockWebServer receiver = answering(503)) {
            run(receiver, "email");
            attempt = receiver.takeRequest(10, TimeUnit.SECONDS);
        }
        List<Path> spooled;
        try (var files = Files.list(dir.resolve("outbox"))) {
            spooled = files.filter(f -> f.getFileName().toString().startsWith("msg_")).toList();
        }
        assertThat(spooled).hasSize(1);
        String entry = Files.readString(spooled.get(0));
        assertThat(entry).doesNotContain(ADDRESS, EXPECTED_ADDRESS, OTHER_ADDRESS);
        assertThat(JsonMapper.builder().build().readTree(entry).get("body").asString()).as("the payload as it was sent")
                .isEqualTo(attempt.getBody().utf8()).contains(Redaction.digested(ADDRESS));
    }

    @Test
    @DisplayName("the GitHub Actions job summary and annotations, which everyone who reads the repository sees, name the"
            + " redacted slot's value only by its digest, in the test's name, what it expected and what the bot said")
    void gitHubSummaryAndAnnotations() throws Exception {
        try (MockWebServer receiver = answering(204)) {
            run(receiver, "email");
        }
        String summary = Files.readString(dir.resolve("step_summary.md"));
        String digest = Redaction.digested(ADDRESS).replace("<", "&lt;").replace(">", "&gt;");
        assertThat(summary).doesNotContain(ADDRESS, EXPECTED_ADDRESS, OTHER_ADDRESS)
                .contains("| test\\_invoice: send my invoice to " + digest + " |")
                .contains("entities.email: " + Redaction.digested(EXPECTED_ADDRESS).replace("<", "&lt;").replace(">", "&gt;"))
                .contains("\"I will send your invoice to " + digest + ".\"");
        List<String> annotations = console.toString(StandardCharsets.UTF_8).lines().filter(l -> l.startsWith("::")).toList();
        assertThat(annotations).hasSize(2).allSatisfy(a -> assertThat(a).doesNotContain(ADDRESS, EXPECTED_ADDRESS, OTHER_ADDRESS))
                .anySatisfy(a -> assertThat(a).contains("test_invoice: bot answer differs from the expectation for \"send my"
                        + " invoice to " + Redaction.digested(ADDRESS) + "\""));
    }

    @Test
    @DisplayName("without cognigy.replay.redact the payload and the job summary quote the test and the bot as they were")
    void nothingNamedNothingRedacted() throws Exception {
        RecordedRequest delivery;
        try (MockWebServer receiver = answering(204)) {
            run(receiver, null);
            delivery = receiver.takeRequest(10, TimeUnit.SECONDS);
        }
        assertThat(delivery.getBody().utf8()).contains(ADDRESS, EXPECTED_ADDRESS, OTHER_ADDRESS).doesNotContain("<redacted");
        assertThat(Files.readString(dir.resolve("step_summary.md"))).contains(ADDRESS, EXPECTED_ADDRESS).doesNotContain("redacted");
    }

    /** A receiver's check, from the Standard Webhooks text alone: HMAC-SHA256 of "id.timestamp.body" with the decoded key. */
    private static boolean verifies(RecordedRequest request) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(Base64.getDecoder().decode(SECRET.substring("whsec_".length())), "HmacSHA256"));
        mac.update((request.getHeaders().get("webhook-id") + "." + request.getHeaders().get("webhook-timestamp") + ".")
                .getBytes(StandardCharsets.UTF_8));
        String expected = "v1," + Base64.getEncoder().encodeToString(mac.doFinal(request.getBody().toByteArray()));
        return List.of(request.getHeaders().get("webhook-signature").split(" ")).contains(expected);
    }
}
