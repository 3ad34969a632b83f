package dev.botsim.cognigy.engine.reporting;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.botsim.cognigy.annotations.BotChoice;
import dev.botsim.cognigy.annotations.BotTurn;
import dev.botsim.cognigy.engine.TestTurns;
import dev.botsim.cognigy.engine.analysis.RunAnalysis;
import dev.botsim.cognigy.spi.Expectation;
import dev.botsim.cognigy.spi.Outcome;
import dev.botsim.cognigy.spi.RunInfo;
import dev.botsim.cognigy.spi.SimulationRecord;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** What index.html says of a result and of the run, as a reader reads it. */
class ReadableResultsReportTest {

    /** A JSON object read as the engine keeps one: its keys in their order. */
    private static final TypeReference<LinkedHashMap<String, Object>> OBJECT = new TypeReference<>() { };

    private static final RunInfo RUN = RunInfo.builder().batchId("batch_rd").started(Instant.EPOCH).backend("nlu").build();

    private static Map<String, Object> score(String intent, double score, boolean negated) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("intent", intent);
        item.put("score", score);
        item.put("negated", negated);
        item.put("flow", "3f1c9b52-8d5e-4b8a-9e2f-0a1b2c3d4e5f");
        return item;
    }

    private static SimulationRecord record(String id, Outcome outcome, BotTurn answer) {
        return SimulationRecord.builder().uniqueId("u_" + id).testId(id).displayName(id).source("nlu.sim.yaml").line(1)
                .utterance("I want a person").expected(Expectation.builder().intent("escalate").build())
                .actual(answer == null ? List.of() : List.of(answer)).outcome(outcome)
                .message(outcome == Outcome.SKIPPED ? "an earlier turn failed" : null).build();
    }

    private static String page(Path dir, List<SimulationRecord> records) throws Exception {
        return page(dir, RUN, records);
    }

    private static String page(Path dir, RunInfo run, List<SimulationRecord> records) throws Exception {
        RunAnalysis analysis = RunAnalysis.of(run, records, new BigDecimal("0.95"));
        return Files.readString(new HtmlReport().write(dir, run, analysis, records, Instant.EPOCH));
    }

    @Test
    @DisplayName("the nlu backend's ranking under Actual is intents and scores, best first, not the map it travels in")
    void rankingReadable(@TempDir Path dir) throws Exception {
        List<Object> scores = new ArrayList<>(List.of(score("greeting", 0.87, false), score("escalate", 0.24, true)));
        for (int i = 1; i <= 5; i++) scores.add(score("intent_" + i, 0.1 / i, false));
        Map<String, Object> ranking = new LinkedHashMap<>();
        ranking.put("nluRanking", scores);
        ranking.put("threshold", 0.4);
        BotTurn answer = new BotTurn(0, "Main", "greeting", 0.87, Map.of(), null, null, null, null, List.of(), List.of(),
                List.of(ranking, Map.of("menu", "main")));

        String page = page(dir, List.of(record("test_nlu", Outcome.FAILED, answer)));

        assertThat(page).contains("intent ranking: greeting 0.87, escalate 0.24 (negated), intent_1 0.10, intent_2 0.05,"
                + " intent_3 0.033… and 2 more (threshold 0.40)\noutput data: {\n  &quot;menu&quot; : &quot;main&quot;\n}\n").doesNotContain("nluRanking");
    }

    @Test
    @DisplayName("a reject or disabled intent in the ranking is marked, and the confidence threshold shown beside the"
            + " reconfirmation threshold, so no reader takes a top intent Cognigy never takes for recognised")
    void rankingMarksWhatCognigyNeverTakes(@TempDir Path dir) throws Exception {
        Map<String, Object> spam = new LinkedHashMap<>(score("spam", 0.91, false));
        spam.put("reject", true);
        Map<String, Object> legacy = new LinkedHashMap<>(score("legacy_order", 0.62, false));
        legacy.put("disabled", true);
        Map<String, Object> ranking = new LinkedHashMap<>();
        ranking.put("nluRanking", List.of(spam, legacy, score("escalate", 0.45, false)));
        ranking.put("threshold", 0.4);
        ranking.put("confidenceThreshold", 0.6);
        BotTurn answer = new BotTurn(0, "Main", null, 0.0, Map.of(), null, null, null, null, List.of(), List.of(),
                List.of(ranking));

        String page = page(dir, List.of(record("test_nlu", Outcome.FAILED, answer)));

        assertThat(page).contains("intent ranking: spam 0.91 (reject intent), legacy_order 0.62 (disabled), escalate 0.45"
                + " (threshold 0.40, confidence 0.60)\n");
    }

    @Test
    @DisplayName("quick replies nested in _data, as an Intent Default Reply's are, are listed as titles and left out of the"
            + " output data as those at the top are")
    void nestedChoicesReadable(@TempDir Path dir) throws Exception {
        Map<String, Object> nested = JsonMapper.builder().build().readValue("""
                {"_data":{"_cognigy":{"_default":{"_quickReplies":{"type":"quick_replies","text":"More?",
                   "quickReplies":[{"title":"No","payload":"no"}]}}}}}""", OBJECT);
        Map<String, Object> nestedAndMore = JsonMapper.builder().build().readValue("""
                {"_data":{"_cognigy":{"_default":{"_quickReplies":{"type":"quick_replies","text":"More?",
                   "quickReplies":[{"title":"No","payload":"no"}]}}},"ticket":"T-1"}}""", OBJECT);
        BotTurn answer = new BotTurn(0, "flow_greeting", "greeting", 1.0, Map.of(), "More?", null, null,
                null, List.of(new BotChoice("No", "no")), List.of(), List.of(nested, nestedAndMore));

        RunInfo endpoint = RunInfo.builder().batchId("batch_nd").started(Instant.EPOCH).backend("endpoint").build();
        String page = page(dir, endpoint, List.of(record("test_more", Outcome.FAILED, answer)));

        assertThat(page).contains("quick replies: [No]\noutput data: {\n  &quot;_data&quot; : {\n    &quot;ticket&quot; : &quot;T-1&quot;\n  }\n}\n</pre>")
                .doesNotContain("_quickReplies");
    }

    @Test
    @DisplayName("a REST Endpoint's answer under Actual: its text once, its quick replies and buttons as titles, and the"
            + " rest of its outputs' data as indented JSON, escaped, not Java's print of the map; the Code node's report in one line")
    void endpointOutputsReadable(@TempDir Path dir) throws Exception {
        JsonMapper json = JsonMapper.builder().build();
        // A Say node's output with quick replies and a button, as the REST Endpoint gives it, and the Code node's report.
        Map<String, Object> rich = json.readValue("""
                {"_cognigy":{"_default":{"_quickReplies":{"type":"quick_replies","text":"What would you like to do?",
                   "quickReplies":[{"title":"Track order","payload":"where is my order","contentType":"postback"}]},
                  "_buttons":{"type":"buttons","text":"What would you like to do?",
                   "buttons":[{"title":"Website","payload":null,"type":"web_url","url":"https://example.com/contact"}]}},
                 "_webchat":{"message":{"text":"<b>What</b> would you like to do?"}}}}""", OBJECT);
        Map<String, Object> report = json.readValue("""
                {"intent":"greeting","intentScore":1.0,"flowName":"flow_greeting","slots":{},"state":"default"}""", OBJECT);
        Map<String, Object> onlyChoices = json.readValue("""
                {"_cognigy":{"_default":{"_quickReplies":{"type":"quick_replies","text":"More?",
                   "quickReplies":[{"title":"No","payload":"no"}]}}}}""", OBJECT);
        BotTurn answer = new BotTurn(0, "flow_greeting", "greeting", 1.0, Map.of(), "What would you like to do?\nMore?", null, null,
                null, List.of(new BotChoice("Track order", "where is my order"), new BotChoice("No", "no")),
                List.of(new BotChoice("Website", "https://example.com/contact")), List.of(rich, report, onlyChoices));

        RunInfo endpoint = RunInfo.builder().batchId("batch_rd").started(Instant.EPOCH).backend("endpoint").build();
        String page = page(dir, endpoint, List.of(record("test_menu", Outcome.FAILED, answer)));

        assertThat(page).contains("<p class=\"label\">Actual</p><pre>user: I want a person\nintent: greeting\nintent score: 1.00\n"
                + "flow: flow_greeting\nresponse: What would you like to do?\nMore?\nquick replies: [Track order, No]\n"
                + "buttons: [Website]\noutput data: {\n  &quot;_cognigy&quot; : {\n    &quot;_webchat&quot; : {\n"
                + "      &quot;message&quot; : {\n        &quot;text&quot; : &quot;&lt;b&gt;What&lt;/b&gt; would you like to do?&quot;\n"
                + "      }\n    }\n  }\n}\nCode node reported: intent greeting (1.0), flowName flow_greeting, slots {}\n</pre>")
                .doesNotContain("_quickReplies", "_buttons", "{_cognigy=", "<b>What");
    }

    @Test
    @DisplayName("the tiles count skipped tests as the console does: beside the figures, which leave them out")
    void skippedTile(@TempDir Path dir) throws Exception {
        BotTurn answer = TestTurns.turn(0, "Main", "escalate", 0.9, Map.of(), "Connecting you", null, null);
        String page = page(dir, List.of(record("t1", Outcome.PASSED, answer), record("t2", Outcome.SKIPPED, null),
                record("t3", Outcome.SKIPPED, null)));

        assertThat(page).contains("<div class=\"tile total\"><b>1</b><span>simulation</span></div>",
                "<div class=\"tile skipped\"><b>2</b><span>skipped, not counted</span></div>");
    }

    @Test
    @DisplayName("a failure with nothing declared to compare (a playbook step judged by Cognigy's assertions) shows its"
            + " message and the answer, not an Expected column reading '(nothing declared)'")
    void nothingDeclaredShowsMessageAndAnswer(@TempDir Path dir) throws Exception {
        BotTurn answer = TestTurns.turn(0, null, null, Double.NaN, Map.of(), "Your order ships tomorrow", null, null);
        SimulationRecord step = SimulationRecord.builder().uniqueId("u_step").testId("Order status step 2")
                .displayName("step 2").source("playbook Order status").conversationTurn("Order status", 2)
                .utterance("where is my order").actual(List.of(answer)).outcome(Outcome.FAILED)
                .message("step 2 'where is my order' failed 1 of 1 assertions:\n  assertText {\"text\":\"shipped\"}").build();

        String page = page(dir, List.of(step));

        assertThat(page).contains("<p class=\"label\">Message</p><pre>step 2 &#39;where is my order&#39; failed 1 of 1 assertions:")
                .contains("<p class=\"label\">Actual</p><pre>")
                .contains("Your order ships tomorrow")
                .doesNotContain("(nothing declared)", "<p class=\"label\">Expected</p>");
    }

    @Test
    @DisplayName("a name carrying a right-to-left override turns around only itself, not the test id, file and duration after it")
    void rightToLeftOverrideStaysInItsName(@TempDir Path dir) throws Exception {
        BotTurn answer = TestTurns.turn(0, "Main", "escalate", 0.9, Map.of(), "Connecting you", null, null);
        SimulationRecord record = SimulationRecord.builder().uniqueId("u_rlo").testId("test_rlo").displayName("nasty words \u202Eevil")
                .source("nlu.sim.yaml").line(3).utterance("nasty words \u202Eevil").actual(List.of(answer))
                .outcome(Outcome.PASSED).build();

        String page = page(dir, List.of(record));

        // <bdi> isolates its text: an override inside it ends where it ends (HTML's bidirectional isolation); the text is
        // isolated too, as every text on the page holding one is.
        assertThat(page).contains("<bdi>\u2068nasty words \u202Eevil\u202C\u2069</bdi> <span class=\"muted\">test_rlo · line 3 · ");
    }

    @Test
    @DisplayName("in a merged run, a result that came from a rerun carries a rerun badge; a first attempt's does not")
    void rerunResultsMarked(@TempDir Path dir) throws Exception {
        BotTurn answer = TestTurns.turn(0, "Main", "check_order", 0.9, Map.of(), "Your order ships today", null, null);
        SimulationRecord rerun = SimulationRecord.builder().uniqueId("u_rerun").testId("test_rerun").displayName("where is my order")
                .source("orders.sim.yaml").line(3).utterance("where is my order").actual(List.of(answer))
                .outcome(Outcome.PASSED).rerun(true).build();
        SimulationRecord first = SimulationRecord.builder().uniqueId("u_first").testId("test_first").displayName("hello")
                .source("orders.sim.yaml").line(7).utterance("hello").actual(List.of(answer)).outcome(Outcome.PASSED).build();

        String page = page(dir, List.of(rerun, first));

        assertThat(page).containsOnlyOnce("\">rerun</span> <bdi>where is my order</bdi>").doesNotContain("\">rerun</span> <bdi>hello");
    }

    @Test
    @DisplayName("a run that expects no flow (a playbooks run, files without flows:) has no flow tile reading 0 / 0, as the"
            + " console has no coverage line; a run that expects flows has its tile")
    void noFlowTileWithoutExpectedFlows(@TempDir Path dir) throws Exception {
        List<SimulationRecord> records = List.of(record("test_plain", Outcome.PASSED,
                TestTurns.turn(0, "Main", "escalate", 0.9, Map.of(), "Connecting you", null, null)));

        assertThat(page(dir.resolve("none"), records)).doesNotContain("expected flows reached")
                .contains("No expected flows: name them with <code>flows:</code> in data files.");
        RunInfo expecting = RunInfo.builder().batchId("batch_rd").started(Instant.EPOCH).backend("nlu").expectedFlows(List.of("Main")).build();
        assertThat(page(dir.resolve("main"), expecting, records)).contains("<b>1 / 1</b><span>expected flows reached</span>");
    }

    @Test
    @DisplayName("a right-to-left override left open in a name from the bot or a file turns around that name only, never the"
            + " page's own words or figures after it: each such text is isolated, an anchor stays its test id")
    void bidiOverrideStaysInItsText(@TempDir Path dir) throws Exception {
        String rlo = "\u202e";
        RunInfo run = RunInfo.builder().batchId("batch_rd").started(Instant.EPOCH).backend("endpoint")
                .bot(RunInfo.BotFacts.builder().intents(java.util.Set.of("greet")).underTest(dev.botsim.cognigy.spi.BotUnderTest.builder()
                        .projectId("p").projectName("Proj" + rlo + "ect").flowName("Main Flow").locale("en").build()).build()).build();
        SimulationRecord misspelt = SimulationRecord.builder().uniqueId("u_1").testId("test_" + rlo + "1").displayName("hi")
                .source("file" + rlo + ".sim.yaml").line(1).utterance("hi").tags(java.util.Set.of("t" + rlo + "ag"))
                .expected(Expectation.builder().intent("greet" + rlo + "x").build())
                .actual(List.of(TestTurns.turn(0, "flow" + rlo + "A", "greet", 0.9, Map.of(), "ok", "ERR" + rlo, "no")))
                .outcome(Outcome.MISCONFIGURATION).message("misconfigured").build();

        String page = page(dir, run, List.of(misspelt));

        String fsi = "\u2068";
        String closed = "\u202c\u2069";
        assertThat(page).contains("bot under test " + fsi + "Proj" + rlo + "ect" + closed + " / Main Flow (en)",
                fsi + "file" + rlo + ".sim.yaml" + closed + " <span class=\"muted\">1 test, 1 not passed</span>",
                "<th scope=\"row\">" + fsi + "greet" + rlo + "x" + closed + " <span class=\"muted\">(not the bot's)</span></th>",
                "Left out: " + fsi + "greet" + rlo + "x" + closed + " (1 test)",
                "<span class=\"chip failed\">" + fsi + "flow" + rlo + "A" + closed + ": " + fsi + "ERR" + rlo + closed + " ×1</span>",
                // Attributes as written: the anchor is the test id, a tag the filter's value.
                "<details id=\"test_" + rlo + "1\" ", "data-tags=\"[&quot;t" + rlo + "ag&quot;]\"", "<option value=\"t" + rlo + "ag\">t" + rlo + "ag</option>");
        assertThat(HtmlReport.esc("a\u2067b\u202ec")).as("an override inside an isolate, both left open")
                .isEqualTo(fsi + "a\u2067b\u202ec\u202c\u2069\u2069");
        assertThat(HtmlReport.esc("a\u2069b\u202ec")).as("a PDI closing nothing of its own would end the isolation: left out")
                .isEqualTo(fsi + "ab\u202ec" + closed);
        assertThat(HtmlReport.esc("plain <text>")).as("without any: as it was").isEqualTo("plain &lt;text&gt;");
    }

    @Test
    @DisplayName("an override the bot left open in an entity's name, a quick reply's title, an intent of the ranking or a key"
            + " of its output data turns around that piece only, never the value or titles after it on the line: each piece"
            + " is isolated, and output data's JSON writes the control as its escape")
    void bidiOverrideStaysInItsPieceOfAnAnswer(@TempDir Path dir) throws Exception {
        String rlo = "\u202e";
        String fsi = "\u2068";
        String closed = "\u202c\u2069";
        Map<String, Object> entities = new LinkedHashMap<>();
        entities.put("order" + rlo + "id", "ORD_1");
        entities.put("city", "Bonn" + rlo + "x");
        Map<String, Object> ranking = new LinkedHashMap<>();
        ranking.put("nluRanking", List.of(score("gre" + rlo + "et", 0.87, false), score("escalate", 0.24, false)));
        ranking.put("threshold", 0.4);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("no" + rlo + "te", "approved");
        BotTurn answer = new BotTurn(0, "Main", "greeting", 0.87, entities, "Hi", null, null, null,
                List.of(new BotChoice("Ye" + rlo + "s", "yes"), new BotChoice("No", "no")), List.of(), List.of(ranking, data));

        String page = page(dir, List.of(record("test_bidi", Outcome.FAILED, answer)));

        assertThat(page).contains("\nentity " + fsi + "order" + rlo + "id" + closed + ": ORD_1\n",
                "\nentity city: " + fsi + "Bonn" + rlo + "x" + closed + "\n",
                "\nquick replies: [" + fsi + "Ye" + rlo + "s" + closed + ", No]\n",
                "\nintent ranking: " + fsi + "gre" + rlo + "et" + closed + " 0.87, escalate 0.24 (threshold 0.40)\n",
                "&quot;no\\u202ete&quot; : &quot;approved&quot;");
    }

    @Test
    @DisplayName("an override a data file left open in an expected entity's name, quick reply's or button's title or response"
            + " data's key turns around that piece only, never the value or titles after it under Expected either")
    void bidiOverrideStaysInItsPieceOfAnExpectation(@TempDir Path dir) throws Exception {
        String rlo = "\u202e";
        String fsi = "\u2068";
        String closed = "\u202c\u2069";
        Map<String, String> entities = new LinkedHashMap<>();
        entities.put("order" + rlo + "id", "ORD_1");
        entities.put("city", "Bonn" + rlo + "x");
        SimulationRecord record = SimulationRecord.builder().uniqueId("u_e").testId("test_e").displayName("test_e")
                .source("nlu.sim.yaml").line(1).utterance("hi")
                .expected(Expectation.builder().entities(entities).quickReplies(List.of("Ye" + rlo + "s", "No"))
                        .buttons(List.of("Si" + rlo + "te", "Call")).responseData(Map.of("no" + rlo + "te", "approved")).build())
                .actual(List.of(TestTurns.turn(0, "Main", "greeting", 0.87, Map.of(), "Hi", null, null)))
                .outcome(Outcome.FAILED).message(null).build();

        String page = page(dir, List.of(record));

        assertThat(page).contains("entity " + fsi + "order" + rlo + "id" + closed + ": ORD_1",
                "entity city: " + fsi + "Bonn" + rlo + "x" + closed,
                "quick replies: [" + fsi + "Ye" + rlo + "s" + closed + ", No]",
                "buttons: [" + fsi + "Si" + rlo + "te" + closed + ", Call]",
                "&quot;no\\u202ete&quot; : &quot;approved&quot;");
    }
}
