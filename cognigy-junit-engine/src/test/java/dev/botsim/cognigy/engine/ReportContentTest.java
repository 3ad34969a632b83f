package dev.botsim.cognigy.engine;

import static dev.botsim.cognigy.engine.EngineTestSupport.kit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClasspathResource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.botsim.cognigy.annotations.BotChoice;
import dev.botsim.cognigy.annotations.BotTurn;
import dev.botsim.cognigy.engine.config.Constants;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** What the reports show of a run of the HTML fixture: the facts the data has, in the order a reader looks for them. */
class ReportContentTest {

    /** "hello" answered with quick replies, buttons and output data, from the wrong flow: its test fails. */
    private static final BotTurn CHOICES = new BotTurn(0, "flow_menu", "greeting", 0.9, Map.of(), "Hello! What would you like?",
            null, null, null, List.of(new BotChoice("Track my order", "TRACK_ORDER"), new BotChoice("Talk to a human", null)),
            List.of(new BotChoice("Open the FAQ", "https://example.com/faq", BotChoice.WEB_URL)),
            List.of(new BotChoice("Order this pizza", "ORDER_MARGHERITA", BotChoice.POSTBACK)), List.of(Map.of("menu", "main")), null);

    @TempDir
    Path dir;

    private JsonNode json;
    private String html;

    private void run() throws Exception {
        kit(new ScriptedBackend().answering("hello", CHOICES)).configurationParameter(Constants.REPORT_DIR, dir.toString())
                .selectors(selectClasspathResource("fixtures/html/report.sim.yaml")).execute();
        json = JsonMapper.shared().readTree(dir.resolve("results.json").toFile());
        html = Files.readString(dir.resolve("index.html"), StandardCharsets.UTF_8);
    }

    private JsonNode result(String testId) {
        for (JsonNode r : json.get("results")) if (r.get("test_id").asString().equals(testId)) return r;
        throw new AssertionError("no result " + testId);
    }

    @Test
    @DisplayName("a test standing for a file that could not be read shows its file and line, not the engine's unique id")
    void problemTestShowsItsFile() throws Exception {
        Path bad = Files.writeString(dir.resolve("broken.sim.yaml"), "version: 1\ncases:\n  - id: test_x\n    utterance: [unclosed\n");
        kit(new ScriptedBackend()).configurationParameter(Constants.REPORT_DIR, dir.resolve("reports").toString())
                .selectors(org.junit.platform.engine.discovery.DiscoverySelectors.selectFile(bad.toFile())).execute();
        String page = Files.readString(dir.resolve("reports/index.html"), StandardCharsets.UTF_8);
        assertThat(page).containsPattern("<h3 class=\"source\">[^<]*broken.sim.yaml <span").contains("line 5 · ")
                .doesNotContain("[engine:cognigy]").doesNotContain("[problem:");
    }

    @Test
    @DisplayName("item 14: the bot's label, the run's end and duration to the millisecond, and each test's duration")
    void botTimesAndDurations() throws Exception {
        run();
        assertThat(json.get("bot").asString()).isEqualTo("order-bot");
        assertThat(json.get("started").asString()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d{1,3})?Z");
        assertThat(json.get("finished").asString()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d{1,3})?Z");
        assertThat(json.get("duration_ms").isIntegralNumber()).isTrue();
        assertThat(html).contains("<h1>Bot simulations <span class=\"bot\">order-bot</span></h1>")
                .containsPattern("started \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d UTC · finished \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d UTC · took \\d+ ms")
                .containsPattern("test_html_order · line 10 · \\d+ ms</span></summary>");
    }

    @Test
    @DisplayName("item 14: entity coverage, flows reached but not expected, and a misconfiguration a test expected shown apart, not red")
    void coverageAndExpectedMisconfiguration() throws Exception {
        run();
        assertThat(html).contains("<b>1 / 2</b><span>bot entities extracted</span>", "<b>Entities never extracted:</b> <span class=\"chip\">email</span>",
                "<b>Reached but not expected:</b> <span class=\"chip\">flow_fallback</span> <span class=\"chip\">flow_menu</span> </p>",
                "<span class=\"chip failed\">flow_refund: FLOW_NOT_DEPLOYED ×1</span>",
                "<span class=\"chip expected\">flow_refund: FLOW_NOT_DEPLOYED ×1 expected by a test</span>");
        assertThat(json.get("expected_misconfigurations").get("flow_refund").get("FLOW_NOT_DEPLOYED").asInt()).isEqualTo(1);
        assertThat(json.get("misconfigurations").get("flow_refund").get("FLOW_NOT_DEPLOYED").asInt()).isEqualTo(2);
    }

    @Test
    @DisplayName("item 14: tests grouped by file and conversation in source order, those not passed first")
    void groupedInSourceOrder() throws Exception {
        run();
        List<String> order = new ArrayList<>();
        Matcher test = Pattern.compile("<span class=\"muted\">(test_\\w+(?:#\\d)?) · ").matcher(simulations());
        while (test.find()) order.add(test.group(1));
        assertThat(order).containsExactly("test_html_hello", "test_html_script", "test_html_refund", "test_html_long_intent",
                "test_html_order", "test_html_refund_negative", "test_html_conversation#1", "test_html_conversation#2");
        assertThat(html).contains("<h3 class=\"source\">fixtures/html/report.sim.yaml <span class=\"muted\">8 tests, 4 not passed</span></h3>",
                "<div class=\"conversation\"><h4>conversation test_html_conversation</h4>");
    }

    @Test
    @DisplayName("item 14: the quick replies, buttons and output data the bot offered, in results.json's actual and the page's")
    void choicesInActual() throws Exception {
        run();
        JsonNode turn = result("test_html_hello").get("actual").get(0);
        assertThat(turn.get("quick_replies").get(0).get("title").asString()).isEqualTo("Track my order");
        assertThat(turn.get("quick_replies").get(0).get("payload").asString()).isEqualTo("TRACK_ORDER");
        assertThat(turn.get("quick_replies").get(1).get("payload").isNull()).isTrue();
        assertThat(turn.get("buttons").get(0).get("payload").asString()).isEqualTo("https://example.com/faq");
        // A link is told from a button that sends its payload back; a quick reply whose output named no kind has none.
        assertThat(turn.get("buttons").get(0).get("type").asString()).isEqualTo("web_url");
        assertThat(turn.get("quick_replies").get(0).has("type")).isFalse();
        assertThat(turn.get("card_buttons").get(0).get("title").asString()).isEqualTo("Order this pizza");
        assertThat(turn.get("card_buttons").get(0).get("type").asString()).isEqualTo("postback");
        assertThat(turn.get("output_data").get(0).get("menu").asString()).isEqualTo("main");
        assertThat(html).contains("quick replies: [Track my order, Talk to a human]\nbuttons: [Open the FAQ]\noutput data: {\n  &quot;menu&quot; : &quot;main&quot;\n}\n");
    }

    @Test
    @DisplayName("item 15: a failed expectation shows expected against actual, not the assertion message repeating it; other failures their message")
    void oneExplanation() throws Exception {
        run();
        String failed = resultBlock("test_html_script");
        assertThat(failed).contains("<p class=\"label\">Expected</p>", "<p class=\"label\">Actual</p>").doesNotContain("<p class=\"label\">Message</p>")
                .doesNotContain("bot answer differs").doesNotContain("expected: ");
        assertThat(result("test_html_script").get("message").asString()).contains("bot answer differs");
        String misconfigured = resultBlock("test_html_refund");
        assertThat(misconfigured).contains("<p class=\"label\">Message</p>").doesNotContain("<p class=\"label\">Expected</p>");
    }

    /** The page's results, below the list of those not passed that links to them. */
    private String simulations() {
        return html.substring(html.indexOf("id=\"section-simulations\""));
    }

    /** A result's block among the results. */
    private String resultBlock(String testId) {
        String results = simulations();
        int at = results.indexOf(testId + " · ");
        return results.substring(at, results.indexOf("</details>", at));
    }
}
