package dev.botsim.cognigy.engine.reporting;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.botsim.cognigy.annotations.BotTurn;
import dev.botsim.cognigy.engine.TestTurns;
import dev.botsim.cognigy.engine.analysis.RunAnalysis;
import dev.botsim.cognigy.spi.Expectation;
import dev.botsim.cognigy.spi.Outcome;
import dev.botsim.cognigy.spi.RunInfo;
import dev.botsim.cognigy.spi.SimulationRecord;

/**
 * Which of a failed test's expectations the answer missed, on the page: the Expected column marks each declared line
 * as held or not, where it used to list them all alike beside the answer, leaving the reader to compare them line by line.
 */
class DifferingFieldsReportTest {

    private static final RunInfo RUN = RunInfo.builder().batchId("batch_df").started(Instant.EPOCH).backend("sandbox").build();
    private static final List<BotTurn> GREETED = List.of(TestTurns.turn(0, "flow_greeting", "greeting", 0.93, Map.of(),
            "Hello! How can I help?", null, null));

    private static String page(Path dir, SimulationRecord... records) throws Exception {
        List<SimulationRecord> all = List.of(records);
        return Files.readString(new HtmlReport().write(dir, RUN, RunAnalysis.of(RUN, all, new BigDecimal("0.95")), all, Instant.EPOCH));
    }

    private static SimulationRecord.Builder failed(String id) {
        return SimulationRecord.builder().uniqueId("u_" + id).testId(id).source("orders.sim.yaml").line(3)
                .utterance("good morning").actual(GREETED).outcome(Outcome.FAILED);
    }

    private static String expectedColumn(String page, String testId) {
        String result = page.substring(page.indexOf("id=\"" + testId + "\""));
        return result.substring(result.indexOf("<p class=\"label\">Expected</p><pre>"), result.indexOf("</pre>"));
    }

    @Test
    @DisplayName("the lines the failure names as differing are marked ✗ and red, the others ✓, entities by their name; each"
            + " mark named in words (did not hold, held) for a screen reader")
    void marked(@TempDir Path dir) throws Exception {
        String page = page(dir, failed("test_multi").expected(Expectation.builder().intent("greeting")
                        .entities(Map.of("order_id", "ORD_99")).nextFlow("flow_order_status").build())
                .message("bot answer differs from the expectation for \"good morning\" in entities.order_id, next_flow\n"
                        + "- [entity order_id]\n  expected: \"ORD_99\"\n   but was: null").build());

        // Each mark named in words for a screen reader, which says "x-shaped bullet" for ✗.
        assertThat(expectedColumn(page, "test_multi")).endsWith("<span role=\"img\" aria-label=\"held\">✓</span> intent: greeting\n"
                + "<span class=\"differs\"><span role=\"img\" aria-label=\"did not hold\">✗</span> entity order_id: ORD_99</span>\n"
                + "<span class=\"differs\"><span role=\"img\" aria-label=\"did not hold\">✗</span> next flow: flow_order_status</span>\n");
    }

    @Test
    @DisplayName("results.json lists the fields a failure names as differing, as index.html marks them, so a tool pushing"
            + " the evidence need not parse the message; a passed result and a failure naming no field have no such key")
    void listedInResults(@TempDir Path dir) throws Exception {
        SimulationRecord multi = failed("test_multi").expected(Expectation.builder().intent("greeting")
                        .entities(Map.of("order_id", "ORD_99")).nextFlow("flow_order_status").build())
                .message("bot answer differs from the expectation for \"good morning\" in entities.order_id, next_flow\n"
                        + "- [entity order_id]\n  expected: \"ORD_99\"\n   but was: null").build();
        SimulationRecord old = failed("test_old").line(4).expected(Expectation.builder().intent("check_order").build())
                .message("bot answer differs from the expectation for \"good morning\"\n- [intent] ...").build();
        SimulationRecord passed = failed("test_ok").line(5).outcome(Outcome.PASSED).build();
        List<SimulationRecord> all = List.of(multi, old, passed);
        Path written = new ResultsJson().write(dir, RUN, RunAnalysis.of(RUN, all, new BigDecimal("0.95")), all, Instant.EPOCH);

        tools.jackson.databind.JsonNode results = tools.jackson.databind.json.JsonMapper.shared().readTree(written.toFile())
                .get("results");
        assertThat(results.get(0).get("test_id").asString()).isEqualTo("test_multi");
        assertThat(results.get(0).get("differing_fields").valueStream().map(tools.jackson.databind.JsonNode::asString))
                .containsExactly("entities.order_id", "next_flow");
        assertThat(results.get(1).has("differing_fields")).as("a failure naming no field").isFalse();
        assertThat(results.get(2).has("differing_fields")).as("a passed test").isFalse();
    }

    @Test
    @DisplayName("a failure that names no field (written before, or not the declared expectation's) leaves the lines unmarked")
    void unmarked(@TempDir Path dir) throws Exception {
        String page = page(dir, failed("test_old").expected(Expectation.builder().intent("check_order").build())
                .message("bot answer differs from the expectation for \"good morning\"\n- [intent] ...").build());

        assertThat(expectedColumn(page, "test_old")).endsWith("<pre>intent: check_order\n");
    }

    @Test
    @DisplayName("a @Conversation method's failed expectation shows its message without the transcript: the answers are"
            + " under Actual, once")
    void conversationMessageWithoutTranscript(@TempDir Path dir) throws Exception {
        String page = page(dir, failed("test_talk").source("com.example.Talk#talk").line(0).utterance(null)
                .userTurns(List.of(new SimulationRecord.UserTurn("good morning", 0)))
                .message("bot answer differs from the expectation for \"good morning\" in intent\n- [intent]\n"
                        + "  expected: \"check_order\"\n   but was: \"greeting\"\nuser: \"good morning\"\n"
                        + "bot #0 flow=flow_greeting intent=greeting (0.93) text=\"Hello! How can I help?\"\n"
                        + "The bot may lack the intent check_order").build());

        assertThat(page).contains("<p class=\"label\">Message</p><pre>bot answer differs from the expectation for &quot;good"
                + " morning&quot; in intent\n- [intent]\n  expected: &quot;check_order&quot;\n   but was: &quot;greeting&quot;\n"
                + "The bot may lack the intent check_order</pre>");
        assertThat(page.split("Hello! How can I help\\?", -1)).as("the answer once, under Actual").hasSize(2);
    }
}
