package dev.botsim.cognigy.engine.reporting;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.botsim.cognigy.annotations.BotTurn;
import dev.botsim.cognigy.engine.analysis.RunAnalysis;
import dev.botsim.cognigy.spi.Expectation;
import dev.botsim.cognigy.spi.Outcome;
import dev.botsim.cognigy.spi.RunInfo;
import dev.botsim.cognigy.spi.SimulationRecord;
import tools.jackson.databind.json.JsonMapper;

/**
 * index.html under Actual, for a REST Endpoint's answers: what the bot output is shown as it was, the reporting Code
 * node's record (docs/real-cognigy.md) in one line and, folded below, whole.
 */
class CodeNodeReportPageTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static RunInfo run(String backend, Map<String, String> configuration) {
        return RunInfo.builder().batchId("batch_cn").started(Instant.EPOCH).backend(backend).configuration(configuration).build();
    }

    private static Map<String, Object> data(String json) {
        @SuppressWarnings("unchecked")
        Map<String, Object> data = JSON.readValue(json, LinkedHashMap.class);
        return data;
    }

    /** The report of the Code node of docs/real-cognigy.md, as the sandbox's REST Endpoint gives it. */
    private static final String REPORT = """
            {"intent":"check_order","intentScore":0.925,"intentFlow":"af9ada45-19dc-3ef2-9abf-b9d77e4b21e7",
             "flowName":"flow_order_status","slots":{"order_id":[{"keyphrase":"ORD_99"}],
             "DATE":[{"start":{"ISODate":"2026-12-03T00:00:00.000","year":2026,"month":12,"day":3},"text":"tomorrow"}]},
             "state":"default"}""";

    private static SimulationRecord failed(String id, BotTurn answer) {
        return SimulationRecord.builder().uniqueId("u_" + id).testId(id).displayName(id).source("orders.sim.yaml").line(3)
                .utterance("where is my order ORD_99 due tomorrow")
                .expected(Expectation.builder().intent("greeting").nextFlow("flow_greeting").build())
                .actual(List.of(answer)).outcome(Outcome.FAILED).build();
    }

    private static String page(Path dir, RunInfo run, List<SimulationRecord> records) throws Exception {
        RunAnalysis analysis = RunAnalysis.of(run, records, new BigDecimal("0.95"));
        return Files.readString(new HtmlReport().write(dir, run, analysis, records, Instant.EPOCH));
    }

    /** The text of the first {@code <pre>} after the label {@code Actual}. */
    private static String actual(String page) {
        Matcher m = Pattern.compile("<p class=\"label\">Actual</p><pre>(.*?)</pre>", Pattern.DOTALL).matcher(page);
        assertThat(m.find()).as("an Actual block").isTrue();
        return m.group(1);
    }

    @Test
    @DisplayName("a REST Endpoint's answer under Actual: the bot's own output data indented, the Code node's report in one"
            + " line of the fields the engine read, and the report whole in a folded block below")
    void reportInOneLine(@TempDir Path dir) throws Exception {
        Map<String, Object> card = data("""
                {"orderCard":{"id":"ORD_99","status":"shipped"}}""");
        Map<String, Object> entities = new LinkedHashMap<>();
        entities.put("order_id", "ORD_99");
        entities.put("DATE", "2026-12-03T00:00:00.000");
        BotTurn answer = new BotTurn(0, "flow_order_status", "check_order", 0.925, entities, "Your order ORD_99 is on its way.", null, null,
                "af9ada45-19dc-3ef2-9abf-b9d77e4b21e7", List.of(), List.of(), List.of(card, data(REPORT)));

        String page = page(dir, run("sandbox-endpoint", Map.of()), List.of(failed("test_order", answer)));

        assertThat(actual(page)).isEqualTo("user: where is my order ORD_99 due tomorrow\nintent: check_order\n"
                + "intent score: 0.925\nentity order_id: ORD_99\nentity DATE: 2026-12-03T00:00:00.000\nflow: flow_order_status\n"
                + "response: Your order ORD_99 is on its way.\noutput data: {\n  &quot;orderCard&quot; : {\n"
                + "    &quot;id&quot; : &quot;ORD_99&quot;,\n    &quot;status&quot; : &quot;shipped&quot;\n  }\n}\n"
                + "Code node reported: intent check_order (0.925), flowName flow_order_status,"
                + " intentFlow af9ada45-19dc-3ef2-9abf-b9d77e4b21e7, slots {order_id, DATE}\n");
        // The report whole, folded: the slots' matches and state, which the line leaves out.
        assertThat(page).contains("<details class=\"report\"><summary>The Code node's report as the flow output it"
                        + " <span class=\"muted\">(the data intent, flow and slots were read from)</span></summary><pre>{\n"
                        + "  &quot;intent&quot; : &quot;check_order&quot;,\n")
                .contains("&quot;ISODate&quot; : &quot;2026-12-03T00:00:00.000&quot;", "&quot;state&quot; : &quot;default&quot;\n}\n</pre></details>")
                .doesNotContain("<details class=\"report\" open");
    }

    @Test
    @DisplayName("a Socket Endpoint's answer, on a tenant or the sandbox, carries the Code node's report as a REST Endpoint's"
            + " does: the one line of the fields the engine read, not the bot's output data")
    void socketEndpointsReportAlike(@TempDir Path dir) throws Exception {
        BotTurn answer = new BotTurn(0, "flow_order_status", "check_order", 0.925, Map.of(), "Your order is on its way.", null, null,
                "af9ada45-19dc-3ef2-9abf-b9d77e4b21e7", List.of(), List.of(), List.of(data(REPORT)));
        for (String backend : List.of("socket", "sandbox-socket")) {
            Path folder = Files.createDirectories(dir.resolve(backend));
            String shown = actual(page(folder, run(backend, Map.of()), List.of(failed("test_order", answer))));
            assertThat(shown).as(backend).contains("Code node reported: intent check_order (0.925), flowName flow_order_status")
                    .doesNotContain("output data:");
        }
    }

    @Test
    @DisplayName("the bot's text is hostile in the report too: its fields are escaped and kept to one line")
    void hostileReportEscaped(@TempDir Path dir) throws Exception {
        Map<String, Object> report = data("""
                {"intent":"<script>alert(1)</script>","flowName":"flow_x\\n[cognigy] governance: COMPLIANT",
                 "slots":{"<img src=x onerror=alert(2)>":"v"}}""");
        BotTurn answer = new BotTurn(0, "flow_x", "<script>alert(1)</script>", Double.NaN, Map.of(), "hi", null, null, null,
                List.of(), List.of(), List.of(report));

        String page = page(dir, run("endpoint", Map.of()), List.of(failed("test_hostile", answer)));

        assertThat(actual(page)).contains("Code node reported: intent &lt;script&gt;alert(1)&lt;/script&gt;,"
                + " flowName flow_x\\n[cognigy] governance: COMPLIANT, slots {&lt;img src=x onerror=alert(2)&gt;}\n");
        assertThat(page).doesNotContain("<script>alert", "<img src=x");
    }

    @Test
    @DisplayName("a slot named with a line break or a right-to-left override stays in the report's one line, written as"
            + " the report's values are: the names after it and the next line are the page's, not the bot's")
    void hostileSlotNamesKeptToTheLine(@TempDir Path dir) throws Exception {
        Map<String, Object> report = data("""
                {"intent":"check_order","flowName":"flow_x",
                 "slots":{"order\\u202eid":"v","when\\n[cognigy] governance: COMPLIANT":"w"}}""");
        BotTurn answer = new BotTurn(0, "flow_x", "check_order", 0.9, Map.of(), "hi", null, null, null, List.of(), List.of(),
                List.of(report));

        String page = page(dir, run("endpoint", Map.of()), List.of(failed("test_slots", answer)));

        assertThat(actual(page)).contains("Code node reported: intent check_order, flowName flow_x, slots {order\\u202eid,"
                + " when\\n[cognigy] governance: COMPLIANT}\n");
    }

    @Test
    @DisplayName("a conversation method's reports: one line in each answer, folded below after the message each answered")
    void conversationReports(@TempDir Path dir) throws Exception {
        BotTurn welcome = new BotTurn(0, "flow_get_started", null, Double.NaN, Map.of(), "Welcome!", null, null, null,
                List.of(), List.of(), List.of(data("""
                        {"intent":null,"intentFlow":null,"flowName":"flow_get_started","slots":{},"state":"default"}""")));
        BotTurn order = new BotTurn(1, "flow_order_status", "check_order", 0.925, Map.of("order_id", "ORD_99"),
                "On its way.", null, null, null, List.of(), List.of(), List.of(data(REPORT)));
        SimulationRecord method = SimulationRecord.builder().uniqueId("u_conv").testId("test_conv").displayName("conversation")
                .source("com.example.OrderTest#conversation").actual(List.of(welcome, order)).outcome(Outcome.FAILED)
                .expected(Expectation.builder().nextFlow("flow_greeting").build())
                .userTurns(List.of(new SimulationRecord.UserTurn("data {\"action\":\"GET_STARTED\"}", 0),
                        new SimulationRecord.UserTurn("where is my order", 1)))
                .message("expected flow_greeting").build();

        String page = page(dir, run("endpoint", Map.of()), List.of(method));

        assertThat(actual(page)).contains("response: Welcome!\nCode node reported: flowName flow_get_started, slots {}\n\n"
                + "user: where is my order\n").contains("Code node reported: intent check_order (0.925)")
                .doesNotContain("&quot;state&quot;");
        assertThat(page).contains("The Code node's 2 reports as the flow output them")
                .contains("</summary><pre>user: data {&quot;action&quot;:&quot;GET_STARTED&quot;}\n{\n  &quot;intent&quot; : null,")
                .contains("}\n\nuser: where is my order\n{\n  &quot;intent&quot; : &quot;check_order&quot;,");
    }

    @Test
    @DisplayName("the report is found where cognigy.endpoint.data.* puts its fields, and named by them")
    void configuredPointers(@TempDir Path dir) throws Exception {
        Map<String, Object> report = data("""
                {"nlu":{"intent":"check_order","score":0.9},"route":{"flow":"Orders"},"extra":"kept"}""");
        BotTurn answer = new BotTurn(0, "Orders", "check_order", 0.9, Map.of(), "Sure.", null, null, null,
                List.of(), List.of(), List.of(report));
        RunInfo run = run("endpoint", Map.of("cognigy.endpoint.data.intent", "/nlu/intent",
                "cognigy.endpoint.data.intent-score", "/nlu/score", "cognigy.endpoint.data.flow", "/route/flow"));

        String page = page(dir, run, List.of(failed("test_configured", answer)));

        assertThat(actual(page)).endsWith("response: Sure.\nCode node reported: nlu/intent check_order (0.9), route/flow Orders\n");
        assertThat(page).contains("&quot;extra&quot; : &quot;kept&quot;");
    }

    @Test
    @DisplayName("output data that is no Code node's report stays the bot's: a channel payload carrying the same fields (also"
            + " one nested in _data, as an Intent Default Reply's), and any data of a backend that has no Code node")
    void otherDataUntouched(@TempDir Path dir) throws Exception {
        Map<String, Object> payload = data("""
                {"_cognigy":{"_webchat":{"message":{"text":"hi"}}},"intent":"greeting"}""");
        // An Intent Default Reply's channel payload, nested one level deeper, as the REST Endpoint backend reads it too.
        Map<String, Object> nested = data("""
                {"_data":{"_cognigy":{"_webchat":{"message":{"text":"hi"}}}},"intent":"greeting"}""");
        BotTurn endpoint = new BotTurn(0, "Main", "greeting", 1.0, Map.of(), "hi", null, null, null, List.of(), List.of(),
                List.of(payload, nested));
        BotTurn simulation = new BotTurn(0, "Main", "check_order", 0.9, Map.of(), "Sure.", null, null, null, List.of(),
                List.of(), List.of(data(REPORT)));

        String endpointPage = page(dir.resolve("endpoint"), run("endpoint", Map.of()), List.of(failed("test_payload", endpoint)));
        String simulationPage = page(dir.resolve("simulation"), run("simulation", Map.of()), List.of(failed("test_sim", simulation)));

        assertThat(actual(endpointPage)).contains("output data: {\n  &quot;_cognigy&quot;", "output data: {\n  &quot;_data&quot;")
                .doesNotContain("Code node reported");
        assertThat(endpointPage).doesNotContain("<details class=\"report\"");
        assertThat(actual(simulationPage)).contains("output data: {\n  &quot;intent&quot; : &quot;check_order&quot;,")
                .doesNotContain("Code node reported");
        assertThat(simulationPage).doesNotContain("<details class=\"report\"");
    }
}
