package dev.botsim.cognigy.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

import dev.botsim.cognigy.annotations.BotTurn;
import dev.botsim.cognigy.engine.audit.AuditVerifier;
import dev.botsim.cognigy.engine.config.Constants;
import dev.botsim.cognigy.engine.execution.EngineServices;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A project in several locales trains the same intent names per locale: its tests of {@code check_order} in de-DE and in
 * fr-FR measure two models, and a French regression must not hide behind a good German figure. The intent figures of a
 * run whose tests span locales are given per locale in results.json, index.html and the console; a run in one locale
 * reads as before.
 */
class NluLocalesReportTest {

    @TempDir
    Path dir;

    /** German recognised right every time; French check_order taken for escalate in every test and every run. */
    private static ScriptedBackend bot() {
        ScriptedBackend bot = new ScriptedBackend();
        for (String de : List.of("wo ist meine Bestellung", "Bestellung verfolgen", "Paket verfolgen", "Status meiner Bestellung")) {
            bot.answering(de, intent("check_order", "flow_order_status"));
        }
        bot.answering("ich will einen Menschen", intent("escalate", "flow_escalation"));
        for (String fr : List.of("où est ma commande", "suivre mon colis", "je veux un humain")) {
            bot.answering(fr, intent("escalate", "flow_escalation"));
        }
        return bot;
    }

    private static BotTurn intent(String intent, String flow) {
        return TestTurns.turn(0, flow, intent, 0.9, Map.of(), "ok", null, null);
    }

    private static String testCase(String id, String utterance, String locale, String intent, int repeat) {
        return "  - id: " + id + "\n    utterance: " + utterance + "\n"
                + (locale == null ? "" : "    locale: " + locale + "\n")
                + (repeat > 1 ? "    repeat: " + repeat + "\n" : "")
                + "    expect: { intent: " + intent + " }\n";
    }

    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    /** The webhook payload the last run delivered. */
    private JsonNode payload;

    /** Runs {@code cases} with an audit trail and a webhook to a receiver answering 204, whose payload it keeps. */
    private EngineExecutionResults run(String cases, ByteArrayOutputStream console, RecordingListener listener) throws Exception {
        Path data = dir.resolve("tests/orders.sim.yaml");
        Files.createDirectories(data.getParent());
        Files.writeString(data, "version: 1\ncases:\n" + cases);
        ScriptedBackend bot = bot();
        EngineServices services = new EngineServices(Map.of(Constants.WEBHOOK_SECRET_ENV, SECRET)::get, config -> bot, Clock.systemUTC())
                .withConsole(new PrintStream(console, true, StandardCharsets.UTF_8)).withListeners(listener);
        try (MockWebServer receiver = LoopbackServers.mockWebServer()) {
            receiver.enqueue(new MockResponse.Builder().code(204).build());
            receiver.start();
            EngineExecutionResults results = EngineTestKit.engine(new CognigyTestEngine(services))
                    .configurationParameter(Constants.REPORT_DIR, dir.resolve("reports").toString())
                    .configurationParameter(Constants.AUDIT_FILE, dir.resolve("audit.jsonl").toString())
                    .configurationParameter(Constants.WEBHOOK_URL, receiver.url("/hook").toString())
                    .configurationParameter(Constants.WEBHOOK_OUTBOX_DIR, dir.resolve("outbox").toString())
                    .selectors(DiscoverySelectors.selectFile(data.toFile())).execute();
            RecordedRequest delivery = receiver.takeRequest(10, TimeUnit.SECONDS);
            assertThat(delivery).as("the run's webhook payload").isNotNull();
            payload = JsonMapper.builder().build().readTree(delivery.getBody().utf8());
            return results;
        }
    }

    /** The run's audit record: the trail's last line, after checking the trail verifies. */
    private JsonNode auditRecord() throws Exception {
        Path trail = dir.resolve("audit.jsonl");
        assertThat(AuditVerifier.verify(trail).ok()).as("the trail verifies").isTrue();
        List<String> lines = Files.readAllLines(trail);
        return JsonMapper.builder().build().readTree(lines.get(lines.size() - 1));
    }

    /**
     * results.json's {@code by_locale} as the audit record and the webhook payload carry it: each locale's fragile
     * utterances counted ({@code fragile_count}), not listed with their texts.
     */
    private static JsonNode fragileCounted(JsonNode byLocale) {
        ObjectNode counted = (ObjectNode) byLocale.deepCopy();
        counted.properties().forEach(locale -> {
            ObjectNode quality = (ObjectNode) locale.getValue().path("intent_quality");
            int fragile = quality.path("fragile").size();
            quality.remove("fragile");
            quality.put("fragile_count", fragile);
        });
        return counted;
    }

    private JsonNode results() throws Exception {
        return JsonMapper.builder().build().readTree(dir.resolve("reports/results.json").toFile());
    }

    @Test
    @DisplayName("de-DE, fr-FR and the run's own locale: one confusion matrix, one intent quality (macro F1 among it) and one"
            + " set of stability rates per locale in results.json's by_locale, the merged fields as before; index.html and"
            + " the console give the figures per locale, naming the failing one")
    void figuresPerLocale() throws Exception {
        String cases = testCase("test_de_1", "wo ist meine Bestellung", "de-DE", "check_order", 3)
                + testCase("test_de_2", "Bestellung verfolgen", "de-DE", "check_order", 1)
                + testCase("test_de_3", "Paket verfolgen", "de-de", "check_order", 1)
                + testCase("test_de_4", "Status meiner Bestellung", "de", "check_order", 1)
                + testCase("test_de_5", "ich will einen Menschen", "de-DE", "escalate", 1)
                + testCase("test_fr_1", "où est ma commande", "fr-FR", "check_order", 3)
                + testCase("test_fr_2", "suivre mon colis", "fr-FR", "check_order", 1)
                + testCase("test_fr_3", "je veux un humain", "fr-FR", "escalate", 1)
                + testCase("test_en_1", "where is my order", null, "check_order", 1);
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        RecordingListener listener = new RecordingListener();

        run(cases, console, listener).testEvents().assertStatistics(stats -> stats.started(9).succeeded(7).failed(2));

        assertThat(listener.finished).filteredOn(r -> r.testId().equals("test_fr_2")).singleElement()
                .satisfies(r -> assertThat(r.locale()).isEqualTo("fr-FR"));
        assertThat(listener.finished).filteredOn(r -> r.testId().equals("test_en_1")).singleElement()
                .satisfies(r -> assertThat(r.locale()).isNull());

        JsonNode json = results();
        // The merged figures stay as they were: check_order TP 3 runs + 3 tests + 1 = 7 observations (de 3 runs + 3, en 1),
        // FN 3 runs + 1 (fr); escalate TP 2, FP 4.
        JsonNode merged = json.path("intent_quality").path("per_intent");
        assertThat(merged.path("check_order").path("true_positives").asLong()).isEqualTo(7);
        assertThat(merged.path("check_order").path("false_negatives").asLong()).isEqualTo(4);
        assertThat(json.path("intent_confusion").path("check_order").path("escalate").asLong()).isEqualTo(4);

        JsonNode byLocale = json.path("by_locale");
        // "de-de" is de-DE (tags are not case-sensitive) and "de" the run's one German locale; a test naming none is
        // under the run's own, which the scripted backend does not name.
        assertThat(names(byLocale)).containsExactly("(run's locale)", "de-DE", "fr-FR");

        JsonNode de = byLocale.path("de-DE");
        assertThat(de.path("intent_confusion").path("check_order").path("check_order").asLong()).isEqualTo(6);
        assertThat(de.path("intent_confusion").path("check_order").has("escalate")).isFalse();
        assertThat(de.path("intent_quality").path("per_intent").path("check_order").path("f1").asDouble()).isEqualTo(1.0);
        assertThat(de.path("intent_quality").path("macro_f1").asDouble()).isEqualTo(1.0);
        assertThat(de.path("stability_intents").path("check_order").path("rate").asDouble()).isEqualTo(1.0);

        JsonNode fr = byLocale.path("fr-FR");
        assertThat(fr.path("intent_confusion").path("check_order").path("escalate").asLong()).isEqualTo(4);
        JsonNode frOrder = fr.path("intent_quality").path("per_intent").path("check_order");
        assertThat(List.of(frOrder.path("true_positives").asLong(), frOrder.path("false_negatives").asLong())).containsExactly(0L, 4L);
        assertThat(frOrder.path("f1").asDouble()).isEqualTo(0.0);
        // escalate: TP 1, FP 4: F1 = 2 / (2 + 4) = 1/3; macro F1 = (0 + 1/3) / 2 = 1/6.
        assertThat(fr.path("intent_quality").path("macro_f1").asDouble()).isCloseTo(1.0 / 6, within(1e-12));
        assertThat(fr.path("stability_intents").path("check_order").path("rate").asDouble()).isEqualTo(0.0);
        assertThat(fr.path("intent_quality").path("confused_pairs").get(0).path("expected").asString()).isEqualTo("check_order");

        assertThat(byLocale.path("(run's locale)").path("intent_quality").path("per_intent").path("check_order").path("f1")
                .asDouble()).isEqualTo(1.0);
        // Merged, the repeated tests read check_order recognised in half its runs: neither locale's truth.
        assertThat(json.path("stability").path("intents").path("check_order").path("rate").asDouble()).isEqualTo(0.5);

        assertThat(console.toString(StandardCharsets.UTF_8).lines()).contains(
                "[cognigy] intents de-DE: macro F1 1.00 over 2 intents",
                "[cognigy] intents fr-FR: macro F1 0.16 over 2 intents; weakest check_order (F1 0.00); most confused: expected"
                        + " check_order, got escalate ×4")
                .noneMatch(line -> line.startsWith("[cognigy] intents: "));

        String page = Files.readString(dir.resolve("reports/index.html"));
        assertThat(page).contains("<h3>de-DE</h3>", "<h3>fr-FR</h3>",
                "<tr><th scope=\"row\">check_order</th><td>4</td><td class=\"muted\" title=\"undefined: nothing to divide by\">"
                        + "&mdash;</td><td class=\"bad\">0.00</td><td class=\"bad\">0.00</td></tr>",
                "<h4>Most confused</h4>");
    }

    @Test
    @DisplayName("de-DE, fr-FR and the run's own locale: the listeners' RunSummary, the audit record and the webhook payload"
            + " carry each locale's figures as results.json's by_locale does (its fragile utterances counted), so the French"
            + " regression is not hidden behind the German figure; the trail verifies")
    void auditRecordWebhookAndListenersPerLocale() throws Exception {
        String cases = testCase("test_de_1", "wo ist meine Bestellung", "de-DE", "check_order", 3)
                + testCase("test_de_5", "ich will einen Menschen", "de-DE", "escalate", 1)
                + testCase("test_fr_1", "où est ma commande", "fr-FR", "check_order", 3)
                + testCase("test_fr_3", "je veux un humain", "fr-FR", "escalate", 1)
                + testCase("test_en_1", "where is my order", null, "check_order", 1);
        RecordingListener listener = new RecordingListener();

        run(cases, new ByteArrayOutputStream(), listener).testEvents().assertStatistics(stats -> stats.started(5).failed(1));

        JsonNode results = results();
        JsonNode expected = fragileCounted(results.path("by_locale"));
        assertThat(names(expected)).containsExactly("(run's locale)", "de-DE", "fr-FR");
        // fr-FR: check_order never recognised in its 3 runs (F1 0), escalate TP 1, FP 3 (F1 2 / (2 + 3) = 0.4): macro F1 0.2.
        assertThat(expected.at("/fr-FR/intent_quality/macro_f1").asDouble()).isCloseTo(0.2, within(1e-12));
        assertThat(expected.at("/fr-FR/stability_intents/check_order/rate").asDouble()).isEqualTo(0.0);

        JsonNode record = auditRecord();
        assertThat(record.path("by_locale")).isEqualTo(expected);
        assertThat(payload.path("batch_summary").path("by_locale")).isEqualTo(expected);
        // Beside the fields the record and the payload had, which stay the whole run's.
        assertThat(record.path("stability").path("broken").asLong()).isEqualTo(1);
        assertThat(names(payload.path("batch_summary"))).containsExactly("total_tests", "passed", "failed", "expected_flows",
                "coverage", "stability", "by_locale");

        dev.botsim.cognigy.spi.RunSummary summary = listener.summaries.get(0);
        assertThat(summary.byLocale()).containsOnlyKeys("(run's locale)", "de-DE", "fr-FR");
        dev.botsim.cognigy.spi.NluFigures fr = summary.byLocale().get("fr-FR");
        assertThat(fr.macroF1()).isCloseTo(0.2, within(1e-12));
        assertThat(fr.intents().get("check_order")).isEqualTo(new dev.botsim.cognigy.spi.NluFigures.IntentFigures(0, 0, 3,
                Double.NaN, 0.0, 0.0));
        assertThat(fr.confusion()).containsEntry("check_order", Map.of("escalate", 3L));
        assertThat(fr.confusedPairs()).first().isEqualTo(new dev.botsim.cognigy.spi.NluFigures.ConfusedPair("check_order", "escalate", 3));
        assertThat(fr.stability().get("check_order").rate()).isEqualTo(0.0);
        assertThat(summary.byLocale().get("de-DE").macroF1()).isEqualTo(1.0);
    }

    @Test
    @DisplayName("a result names the locale its test names, as the test names it (de-de), in results.json; a test naming"
            + " none has no locale key")
    void resultsNameTheirLocale() throws Exception {
        String cases = testCase("test_de_1", "wo ist meine Bestellung", "de-de", "check_order", 1)
                + testCase("test_fr_1", "où est ma commande", "fr-FR", "check_order", 1)
                + testCase("test_en_1", "where is my order", null, "check_order", 1);

        run(cases, new ByteArrayOutputStream(), new RecordingListener());

        Map<String, JsonNode> byTest = new java.util.HashMap<>();
        results().path("results").forEach(r -> byTest.put(r.path("test_id").asString(), r));
        assertThat(byTest.get("test_de_1").path("locale").asString()).as("as by_locale names it").isEqualTo("de-DE");
        assertThat(results().path("by_locale").has("de-DE")).isTrue();
        assertThat(byTest.get("test_fr_1").path("locale").asString()).isEqualTo("fr-FR");
        assertThat(byTest.get("test_en_1").has("locale")).isFalse();
        assertThat(names(byTest.get("test_fr_1"))).containsSubsequence("utterance", "locale", "sent");
    }

    @Test
    @DisplayName("every test in one locale, named or the run's own: no by_locale in results.json, the audit record or the"
            + " webhook payload, none in the listeners' summary, and the console's intent line as before")
    void oneLocaleReadsAsBefore() throws Exception {
        String cases = testCase("test_de_1", "wo ist meine Bestellung", "de-DE", "check_order", 1)
                + testCase("test_de_2", "ich will einen Menschen", "DE-de", "escalate", 1);
        ByteArrayOutputStream console = new ByteArrayOutputStream();

        RecordingListener listener = new RecordingListener();
        run(cases, console, listener).testEvents().assertStatistics(stats -> stats.succeeded(2));
        assertThat(listener.summaries).singleElement().satisfies(summary -> assertThat(summary.byLocale()).isEmpty());

        JsonNode json = results();
        assertThat(json.has("by_locale")).isFalse();
        assertThat(auditRecord().has("by_locale")).isFalse();
        assertThat(payload.path("batch_summary").has("by_locale")).isFalse();
        assertThat(json.path("intent_quality").path("macro_f1").asDouble()).isEqualTo(1.0);
        assertThat(console.toString(StandardCharsets.UTF_8).lines()).contains("[cognigy] intents: macro F1 1.00 over 2 intents");
        assertThat(Files.readString(dir.resolve("reports/index.html"))).contains("<h3>Most confused</h3>").doesNotContain("<h3>de-DE</h3>");
    }

    private static List<String> names(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.propertyNames().forEach(names::add);
        return names;
    }
}
