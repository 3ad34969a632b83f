package dev.botsim.cognigy.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectFile;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.botsim.cognigy.annotations.BotSession;
import dev.botsim.cognigy.annotations.BotSimulation;
import dev.botsim.cognigy.annotations.Conversation;
import dev.botsim.cognigy.engine.config.Constants;
import dev.botsim.cognigy.engine.support.Redaction;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The data a text message is sent with ({@code utterance: pay my bill} with {@code data: {iban: …}}, a conversation turn's,
 * {@code BotSession.say(text, data)}) is named by {@code cognigy.replay.redact} as a cassette's request's is — the pointer
 * {@code /request/data/iban} and the slot name {@code iban} alike — so a bot that says it back leaves it in the QA webhook's
 * payload and the GitHub Actions job summary and annotations only as its digest, while {@code results.json} stays as it
 * was. End to end against the in-process sandbox, whose flow says {@code input.data.iban} back.
 */
class RedactedSentDataTest {

    private static final String IBAN = "DE89370400440532013000";

    @TempDir
    Path dir;

    private final ByteArrayOutputStream console = new ByteArrayOutputStream();

    private String bot() throws Exception {
        return Files.writeString(dir.resolve("billing-bot.yaml"), """
                bot: billing-bot
                threshold: 0.35
                flows:
                  - id: flow_pay
                    intents:
                      - name: pay_bill
                        examples: [pay my bill, settle my bill, pay the invoice]
                    responses: ["I will charge {data.iban}."]
                fallback:
                  flow: flow_fallback
                  response: "Sorry?"
                """).toString();
    }

    /** A case and a conversation turn, each a text message sent with the IBAN as data, each failing on the bot's text. */
    private Path suite() throws Exception {
        return Files.writeString(Files.createDirectories(dir.resolve("tests")).resolve("billing.sim.yaml"), """
                version: 1
                bot: billing-bot
                cases:
                  - id: test_pay
                    utterance: pay my bill
                    data: { iban: %1$s, channel: app }
                    expect: { intent: pay_bill, response_contains: "by invoice" }
                conversations:
                  - id: test_pay_conv
                    turns:
                      - say: settle my bill
                        data: { iban: %1$s }
                        expect: { response_contains: "by invoice" }
                """.formatted(IBAN));
    }

    /** A {@code @Conversation} method saying its text with the IBAN as data. */
    @BotSimulation
    static class PayByMethod {

        @Conversation
        void payBill(BotSession bot) {
            bot.say("pay the invoice", Map.of("iban", IBAN)).expectResponseContains("by invoice");
        }
    }

    /** A run with the webhook to {@code receiver} and the GitHub Actions outputs; {@code redact} as cognigy.replay.redact. */
    private void run(MockWebServer receiver, String redact) throws Exception {
        Map<String, String> parameters = new HashMap<>();
        if (redact != null) parameters.put(Constants.REPLAY_REDACT, redact);
        parameters.put(Constants.WEBHOOK_URL, receiver.url("/hook").toString());
        parameters.put(Constants.WEBHOOK_OUTBOX_DIR, dir.resolve("outbox").toString());
        parameters.put(Constants.WEBHOOK_MAX_ATTEMPTS, "1");
        Map<String, String> environment = Map.of(Constants.WEBHOOK_SECRET_ENV, "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
                "GITHUB_ACTIONS", "true", "GITHUB_STEP_SUMMARY", dir.resolve("step_summary.md").toString(),
                "GITHUB_WORKSPACE", dir.toString());
        EngineTestSupport.sandboxRun(bot(), dir, console, environment, parameters, selectFile(suite().toFile()),
                selectClass(PayByMethod.class)).testEvents().assertStatistics(stats -> stats.failed(3));
    }

    private static MockWebServer receiver() throws Exception {
        MockWebServer receiver = LoopbackServers.mockWebServer();
        receiver.enqueue(new MockResponse.Builder().code(204).build());
        receiver.start();
        return receiver;
    }

    private String delivered(String redact) throws Exception {
        RecordedRequest delivery;
        try (MockWebServer receiver = receiver()) {
            run(receiver, redact);
            delivery = receiver.takeRequest(10, TimeUnit.SECONDS);
        }
        assertThat(delivery).as("the run's payload").isNotNull();
        return delivery.getBody().utf8();
    }

    private static Map<String, JsonNode> byTest(JsonNode results) {
        Map<String, JsonNode> byTest = new HashMap<>();
        results.forEach(r -> byTest.put(r.get("test_id").asString(), r));
        return byTest;
    }

    @ParameterizedTest(name = "cognigy.replay.redact={0}")
    @ValueSource(strings = {"/request/data/iban", "iban"})
    @DisplayName("the webhook's payload names the IBAN a text message was sent with, which the bot said back, only by its"
            + " digest — a data file's case and conversation turn, a @Conversation method's say(text, data) —, by the"
            + " pointer into the request's data and by the slot name alike; the utterances stay, and results.json keeps"
            + " the bot's text in clear and gains no field")
    void webhookPayload(String redact) throws Exception {
        String body = delivered(redact);

        assertThat(body).doesNotContain(IBAN);
        String said = "I will charge " + Redaction.digested(IBAN) + ".";
        Map<String, JsonNode> byTest = byTest(JsonMapper.builder().build().readTree(body).get("detailed_results"));
        assertThat(byTest.keySet()).containsExactlyInAnyOrder("test_pay", "test_pay_conv#1", "test_payBill");
        assertThat(byTest.get("test_pay").get("name").asString()).isEqualTo("pay my bill");
        assertThat(byTest.get("test_pay").get("message").asString()).contains("text=\"" + said + "\"");
        assertThat(byTest.get("test_pay_conv#1").get("message").asString()).contains("text=\"" + said + "\"");
        assertThat(byTest.get("test_payBill").get("message").asString()).contains(said);

        String results = Files.readString(dir.resolve("reports/results.json"));
        assertThat(results).as("a local report keeps what the bot said").contains("I will charge " + IBAN + ".")
                .doesNotContain("<redacted");
        List<String> fields = new ArrayList<>();
        JsonMapper.builder().build().readTree(results).get("results").forEach(r -> {
            fields.add(r.get("test_id").asString() + " " + r.path("utterance").asString(null));
            assertThat(r.has("data")).as("results.json shows no sent data").isFalse();
            r.path("user_turns").forEach(turn -> assertThat(turn.propertyNames()).containsExactly("text", "first_answer"));
        });
        assertThat(fields).containsExactlyInAnyOrder("test_pay pay my bill", "test_pay_conv#1 settle my bill",
                "test_payBill null");
        List<String> holding = new ArrayList<>();
        holdingIban(JsonMapper.builder().build().readTree(results), "", holding);
        assertThat(holding).as("the IBAN only where the bot said it: its text, and the failures quoting it")
                .allMatch(at -> at.endsWith("/text") || at.endsWith("/message")).anyMatch(at -> at.endsWith("/actual/0/text"));
    }

    /** Where in {@code node} a text holds the IBAN, as JSON pointers. */
    private static void holdingIban(JsonNode node, String at, List<String> holding) {
        if (node.isString() && node.asString().contains(IBAN)) holding.add(at);
        if (node.isObject()) node.properties().forEach(e -> holdingIban(e.getValue(), at + "/" + e.getKey(), holding));
        if (node.isArray()) for (int i = 0; i < node.size(); i++) holdingIban(node.get(i), at + "/" + i, holding);
    }

    @ParameterizedTest(name = "cognigy.replay.redact={0}")
    @ValueSource(strings = {"/request/data/iban", "iban"})
    @DisplayName("the GitHub Actions job summary and annotations name the IBAN a text message was sent with, which the bot"
            + " said back, only by its digest")
    void gitHubSummaryAndAnnotations(String redact) throws Exception {
        try (MockWebServer receiver = receiver()) {
            run(receiver, redact);
        }

        String summary = Files.readString(dir.resolve("step_summary.md"));
        String digest = Redaction.digested(IBAN).replace("<", "&lt;").replace(">", "&gt;");
        assertThat(summary).doesNotContain(IBAN).contains("I will charge " + digest + ".");
        List<String> annotations = console.toString(StandardCharsets.UTF_8).lines().filter(l -> l.startsWith("::")).toList();
        assertThat(annotations).hasSize(3).allSatisfy(a -> assertThat(a).doesNotContain(IBAN))
                .anySatisfy(a -> assertThat(a).contains("I will charge " + Redaction.digested(IBAN) + "."));
    }

    @ParameterizedTest(name = "cognigy.replay.redact={0}")
    @ValueSource(strings = {"/request/text", "channel"})
    @DisplayName("a name for something else leaves the IBAN a message was sent with as the bot said it")
    void otherNamesLeaveIt(String redact) throws Exception {
        assertThat(delivered(redact)).contains("I will charge " + IBAN + ".");
    }
}
