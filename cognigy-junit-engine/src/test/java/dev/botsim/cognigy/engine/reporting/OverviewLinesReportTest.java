package dev.botsim.cognigy.engine.reporting;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.botsim.cognigy.annotations.BotTurn;
import dev.botsim.cognigy.engine.TestTurns;
import dev.botsim.cognigy.engine.analysis.RunAnalysis;
import dev.botsim.cognigy.spi.Expectation;
import dev.botsim.cognigy.spi.IntentMargin;
import dev.botsim.cognigy.spi.Outcome;
import dev.botsim.cognigy.spi.Repetitions;
import dev.botsim.cognigy.spi.RunInfo;
import dev.botsim.cognigy.spi.SimulationRecord;

/** What the lines that list results say — each result's always visible line on index.html, the tables' rows, the console's. */
class OverviewLinesReportTest {

    private static final RunInfo RUN = RunInfo.builder().batchId("batch_ov").started(Instant.EPOCH).backend("sandbox")
            .botName("order-bot").build();

    /** 2,000 characters, an emoji among them that the 200th character would cut in half. */
    private static final String LONG = "a".repeat(199) + "\uD83E\uDD16" + "where is my order ".repeat(100).substring(0, 1800);

    private static String page(Path dir, List<SimulationRecord> records) throws Exception {
        RunAnalysis analysis = RunAnalysis.of(RUN, records, new BigDecimal("0.95"));
        return Files.readString(new HtmlReport().write(dir, RUN, analysis, records, Instant.EPOCH));
    }

    /** The always visible line of the result whose anchor is {@code id}: its {@code <summary>}. */
    private static String summary(String page, String id) {
        Matcher m = Pattern.compile("<details id=\"" + Pattern.quote(HtmlReport.esc(id)) + "\"[^>]*><summary>(.*?)</summary>", Pattern.DOTALL).matcher(page);
        assertThat(m.find()).as("the result %s", id).isTrue();
        return m.group(1);
    }

    private static SimulationRecord.Builder answered(String id, String name, String utterance, Outcome outcome) {
        return SimulationRecord.builder().uniqueId("u_" + id).testId(id).displayName(name).source("simulations/orders.sim.yaml")
                .line(4).utterance(utterance).expected(Expectation.builder().intent("check_order").build())
                .actual(List.of(TestTurns.turn(0, "flow_order_status", "check_order", 0.9, Map.of(), "Sure.", null, null)))
                .outcome(outcome);
    }

    @Test
    @DisplayName("an utterance of 2,000 characters shows its first 200 and its length on its result's line, in the stability and"
            + " fragile tables and on the console's fragile line, cut between code points; the transcript holds it whole")
    void longUtteranceCut(@TempDir Path dir) throws Exception {
        String shown = "a".repeat(199) + "\uD83E\uDD16… (2000 characters)";
        SimulationRecord repeated = answered("test_long", "orders.sim.yaml test_long: " + LONG, LONG, Outcome.PASSED)
                .repetitions(new Repetitions(2, 2, 1.0, Map.of("check_order", 2), Map.of("Sure.", 2), Map.of("flow_order_status", 2)))
                .intentMargin(new IntentMargin("check_order", 0.5, "escalate", 0.49)).build();

        String page = page(dir, List.of(repeated));

        assertThat(summary(page, "test_long")).contains("<bdi>orders.sim.yaml test_long: " + "a".repeat(173) + "… (2027 characters)</bdi>")
                .doesNotContain("where is my order");
        assertThat(page).contains("<br><span class=\"muted\">" + shown + "</span></th>", "<th scope=\"row\" class=\"text\">" + shown + " <span class=\"muted\">")
                .contains("<p class=\"label\">Transcript</p><pre>user: " + LONG + "\n");
        RunAnalysis analysis = RunAnalysis.of(RUN, List.of(repeated), new BigDecimal("0.95"));
        assertThat(ConsoleSummary.intentQuality(analysis.intentQuality())).last().asString()
                .contains("narrowest test_long: \"" + shown + "\" check_order 0.50 / escalate 0.49");
        assertThat(OverviewText.of("a".repeat(200))).as("200 characters are shown whole").isEqualTo("a".repeat(200));
    }

    @Test
    @DisplayName("a result's line gives its test id after its name only where the name does not already show it: a playbook"
            + " step's name is its id, and a name under cognigy.naming-strategy=long holds it after the file's name; its place"
            + " is given within the file or class its group's heading names (line 4, not the file again; nothing for a"
            + " method its name shows)")
    void testIdOnce(@TempDir Path dir) throws Exception {
        String step = "playbook Escalation > step 1: I want a human";
        List<SimulationRecord> records = List.of(
                answered(step, step, "I want a human", Outcome.PASSED).source("playbook Escalation").line(0).build(),
                answered("test_greeting", "orders.sim.yaml test_greeting: good morning", "good morning", Outcome.PASSED).build(),
                answered("test_order_variants[2]", "orders.sim.yaml test_order_variants[2]: track my package", "track my package",
                        Outcome.PASSED).build(),
                // Names that hold the id only as part of a longer word, or not at all, are followed by it.
                answered("test_order", "orders.sim.yaml test_order_check: where is my order", "where is my order", Outcome.PASSED).build(),
                answered("test_orderStatus", "OrderBotTest#orderStatus: where is it", "where is it", Outcome.PASSED)
                        .source("com.example.OrderBotTest#orderStatus").line(0).build(),
                answered("test_short", "hello", "hello", Outcome.PASSED).build());

        String page = page(dir, records);

        assertThat(summary(page, step)).endsWith("<bdi>" + HtmlReport.esc(step) + "</bdi> <span class=\"muted\">0 ms</span>");
        assertThat(summary(page, "test_greeting")).endsWith("<bdi>orders.sim.yaml test_greeting: good morning</bdi>"
                + " <span class=\"muted\">line 4 · 0 ms</span>");
        assertThat(summary(page, "test_order_variants[2]")).endsWith("<span class=\"muted\">line 4 · 0 ms</span>");
        assertThat(summary(page, "test_order")).endsWith("<span class=\"muted\">test_order · line 4 · 0 ms</span>");
        assertThat(summary(page, "test_orderStatus")).endsWith("<span class=\"muted\">test_orderStatus · 0 ms</span>");
        assertThat(summary(page, "test_short")).endsWith("<bdi>hello</bdi> <span class=\"muted\">test_short · line 4 · 0 ms</span>");
    }

    private static SimulationRecord problem(String uniqueId, String file, int line, String problem, String more) {
        String message = file + ":" + line + ":5: " + problem;
        return SimulationRecord.builder().uniqueId(uniqueId).testId(uniqueId).displayName("invalid: " + message).source(file)
                .line(line).outcome(Outcome.FAILED).invalidInput(true).message(more == null ? message : message + "\n" + more).build();
    }

    @Test
    @DisplayName("the tests for invalid input are reached from the links at the top, the first of them on the page by its"
            + " anchor, and a problem the result's line says whole is not said again below it")
    void invalidInputReached(@TempDir Path dir) throws Exception {
        List<SimulationRecord> records = List.of(
                answered("test_greeting", "good morning", "good morning", Outcome.PASSED).source("simulations/a.sim.yaml").build(),
                problem("[engine:cognigy]/[file:b]/[problem:1]", "simulations/b.sim.yaml", 7,
                        "unknown field 'expekt' in cases[2] — did you mean 'expect'?", null),
                problem("[engine:cognigy]/[file:a]/[problem:1]", "simulations/a.sim.yaml", 13,
                        "YAML syntax error: found unexpected end of stream", "the rest of the file after line 13 (4 lines) was not read"));

        String page = page(dir, records);

        // Page order: a.sim.yaml's group first, its problem before its passed test.
        assertThat(page).contains("<a href=\"#invalid-input-1\">2 tests for invalid input</a>")
                .contains("<details id=\"invalid-input-1\" class=\"result failed\" data-outcome=\"FAILED\" data-tags=\"[]\" open>"
                        + "<summary><span class=\"chip failed\">FAILED</span> <bdi>invalid: simulations/a.sim.yaml:13:5: YAML syntax")
                .contains("<details id=\"invalid-input-2\" class=\"result failed bare\"")
                .doesNotContain("[engine:cognigy]");
        // Once among the results; the list of those not passed above them names it by its line too, a link to it.
        String results = page.substring(page.indexOf("id=\"section-simulations\""));
        assertThat(results.split(Pattern.quote("unknown field &#39;expekt&#39;"), -1)).as("the problem said once").hasSize(2);
        // A problem whose message says more than its name keeps the message.
        assertThat(page).contains("<p class=\"label\">Message</p><pre>simulations/a.sim.yaml:13:5: YAML syntax error: found"
                + " unexpected end of stream\nthe rest of the file after line 13 (4 lines) was not read</pre>");
    }
}
