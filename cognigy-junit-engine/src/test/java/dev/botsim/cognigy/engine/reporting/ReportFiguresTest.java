package dev.botsim.cognigy.engine.reporting;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.botsim.cognigy.annotations.BotTurn;
import dev.botsim.cognigy.engine.TestTurns;
import dev.botsim.cognigy.engine.analysis.RunAnalysis;
import dev.botsim.cognigy.spi.Expectation;
import dev.botsim.cognigy.spi.Outcome;
import dev.botsim.cognigy.spi.Repetitions;
import dev.botsim.cognigy.spi.RunInfo;
import dev.botsim.cognigy.spi.SimulationRecord;

/** The figures the console and index.html give of a run: its counts, its coverage, its approvals, its durations. */
class ReportFiguresTest {

    private static final BigDecimal THRESHOLD = new BigDecimal("0.95");

    private static final RunInfo RUN = RunInfo.builder().batchId("batch_fig").started(Instant.EPOCH).backend("sandbox")
            .botName("bot").plannedTests(3).build();

    private static SimulationRecord record(String testId, String flow, Outcome outcome) {
        return SimulationRecord.builder().uniqueId("[engine:cognigy]/[case:" + testId + "]").testId(testId).displayName(testId)
                .utterance("hello").expected(Expectation.builder().build())
                .actual(List.of(TestTurns.turn(0, flow, null, 0.0, Map.of(), "hi there", null, null))).outcome(outcome).build();
    }

    private static List<String> console(RunInfo run, List<SimulationRecord> records) {
        return ConsoleSummary.summary(run, RunAnalysis.of(run, records, THRESHOLD), "target/cognigy/index.html").lines().toList();
    }

    @Test
    @DisplayName("the console's counts: the tests that ran, each outcome there was besides passed, the pass rate rounded down;"
            + " one test is one simulation")
    void consoleCounts() {
        List<SimulationRecord> records = List.of(record("test_a", "Main", Outcome.PASSED), record("test_b", "Main", Outcome.PASSED),
                record("test_c", "Main", Outcome.FAILED));
        assertThat(console(RUN, records)).first().isEqualTo("[cognigy] batch_fig on sandbox: 3 simulations, 2 passed, 1 failed (66.6 %)");
        assertThat(console(RUN, records.subList(0, 1))).first().isEqualTo("[cognigy] batch_fig on sandbox: 1 simulation, 1 passed (100.0 %)");
        assertThat(console(RUN, records)).contains("[cognigy] results: target/cognigy/index.html");
    }

    @Test
    @DisplayName("flow coverage is a console line only when the run expects flows: the flows reached of those expected, and"
            + " those never reached")
    void consoleFlowCoverage() {
        List<SimulationRecord> records = List.of(record("test_a", "Main", Outcome.PASSED));
        assertThat(console(RUN, records)).noneMatch(line -> line.contains("flow coverage"));
        RunInfo expecting = RUN.toBuilder().expectedFlows(List.of("Main", "Billing")).build();
        assertThat(console(expecting, records)).anySatisfy(line -> assertThat(line)
                .startsWith("[cognigy] flow coverage: 1 of 2 expected flows (50 %); never reached: Billing"));
        RunInfo one = RUN.toBuilder().expectedFlows(List.of("Main")).build();
        assertThat(console(one, records)).contains("[cognigy] flow coverage: 1 of 1 expected flows (100 %)");
    }

    @Test
    @DisplayName("what the backend could not tell of the bot is one console line, in the run's summary and in a part's")
    void consoleBotUnknowns() {
        RunInfo run = RUN.toBuilder().bot(RunInfo.BotFacts.builder().unknown(List.of("its intents: no management API",
                "its flows: no management API")).build()).build();
        assertThat(console(run, List.of(record("test_a", "Main", Outcome.PASSED))))
                .contains("[cognigy] bot: its intents: no management API; its flows: no management API");
        assertThat(console(RUN, List.of(record("test_a", "Main", Outcome.PASSED)))).noneMatch(line -> line.startsWith("[cognigy] bot:"));
    }

    @Test
    @DisplayName("the approvals line counts the answers newly approved and the changed answers accepted, in the singular for"
            + " one, naming the folder to review; nothing when the run wrote none")
    void consoleApprovals() {
        List<SimulationRecord> records = new ArrayList<>();
        records.add(record("test_a", "Main", Outcome.PASSED).toBuilder().approval(SimulationRecord.Approval.NEWLY_APPROVED).build());
        records.add(record("test_b", "Main", Outcome.PASSED).toBuilder().approval(SimulationRecord.Approval.NEWLY_APPROVED).build());
        records.add(record("test_c", "Main", Outcome.PASSED).toBuilder().approval(SimulationRecord.Approval.ACCEPTED).build());
        records.add(record("test_d", "Main", Outcome.PASSED).toBuilder().approval(SimulationRecord.Approval.COMPARED).build());
        assertThat(ConsoleSummary.approvals(RUN, records)).contains("[cognigy] approvals: 2 newly approved, 1 changed answer"
                + " accepted: review src/test/cognigy/approved and commit");
        RunInfo elsewhere = RUN.toBuilder().configuration(Map.of("cognigy.approve.dir", "approved-answers")).build();
        assertThat(ConsoleSummary.approvals(elsewhere, records.subList(2, 4))).contains("[cognigy] approvals: 1 changed answer"
                + " accepted: review approved-answers and commit");
        assertThat(ConsoleSummary.approvals(RUN, records.subList(3, 4))).isEmpty();
    }

    @ParameterizedTest(name = "{0} ms reads {1}")
    @CsvSource({"0, 0 ms", "999, 999 ms", "1000, 1.0 s", "59949, 59.9 s", "60000, 1 min 0 s", "3599999, 59 min 59 s",
            "3600000, 1 h 0 min", "-5, 0 ms"})
    @DisplayName("a duration on the page is as precise as a reader needs: ms below a second, s below a minute, min below an hour")
    void durations(long millis, String shown) {
        assertThat(HtmlReport.duration(Duration.ofMillis(millis))).isEqualTo(shown);
    }

    @Test
    @DisplayName("the page's tiles: not passed is red only when a test did not pass; skipped tests get a tile of their own,"
            + " counted in no figure, only when there are any")
    void tiles(@TempDir Path dir) throws Exception {
        List<SimulationRecord> passing = List.of(record("test_a", "Main", Outcome.PASSED), record("test_b", "Main", Outcome.PASSED));
        String green = page(dir.resolve("green"), passing);
        assertThat(green).contains("<div class=\"tile total\"><b>2</b><span>simulations</span></div>",
                        "<div class=\"tile passed\"><b>0</b><span>not passed</span></div>")
                .doesNotContain("<div class=\"tile failed\"").doesNotContain("skipped, not counted");

        List<SimulationRecord> mixed = List.of(record("test_a", "Main", Outcome.PASSED), record("test_b", "Main", Outcome.FAILED),
                record("test_c", "Main", Outcome.SKIPPED));
        String red = page(dir.resolve("red"), mixed);
        assertThat(red).contains("<div class=\"tile failed\"><b>1</b><span>not passed</span></div>",
                "<div class=\"tile skipped\"><b>1</b><span>skipped, not counted</span></div>",
                "<div class=\"tile total\"><b>2</b><span>simulations</span></div>");
    }

    private static String page(Path dir, List<SimulationRecord> records) throws Exception {
        Files.createDirectories(dir);
        return Files.readString(new HtmlReport().write(dir, RUN, RunAnalysis.of(RUN, records, THRESHOLD), records, Instant.EPOCH));
    }

    @Test
    @DisplayName("bot text that turns the writing direction is isolated on the page: an override or embedding is closed by"
            + " PDF, an isolate by PDI, and the whole put in an isolate of its own, so it cannot turn what follows it")
    void directionIsolated() {
        assertThat(HtmlReport.esc("a\u202Eb")).isEqualTo("\u2068a\u202Eb\u202C\u2069");
        assertThat(HtmlReport.esc("a\u202Ab")).isEqualTo("\u2068a\u202Ab\u202C\u2069");
        assertThat(HtmlReport.esc("a\u2067b")).isEqualTo("\u2068a\u2067b\u2069\u2069");
        assertThat(HtmlReport.esc("<b>\u202E</b>")).isEqualTo("\u2068&lt;b&gt;\u202E&lt;/b&gt;\u202C\u2069");
        assertThat(HtmlReport.esc("plain & simple")).isEqualTo("plain &amp; simple");
    }
    @Test
    @DisplayName("results.json gives a test's expectation as declared: a minimum score of 0 is one, the texts any of which the"
            + " answer must hold and those it must not hold each as a list; what was not declared is left out")
    void declaredExpectationInResults(@TempDir Path dir) throws Exception {
        SimulationRecord declared = record("test_a", "Main", Outcome.PASSED).toBuilder().expected(Expectation.builder()
                .intentMinScore(0).responseContainsAny(List.of("hi", "hello")).responseNotContains(List.of("sorry")).build()).build();
        SimulationRecord bare = record("test_b", "Main", Outcome.PASSED);
        List<SimulationRecord> records = List.of(declared, bare);
        Path json = new ResultsJson().write(dir, RUN, RunAnalysis.of(RUN, records, THRESHOLD), records, Instant.EPOCH);
        JsonNode results = JsonMapper.builder().build().readTree(Files.readString(json)).get("results");
        JsonNode expected = results.get(0).get("expected");
        assertThat(expected.get("intent_min_score").asDouble()).isEqualTo(0.0);
        assertThat(expected.get("response_contains_any").valueStream().map(JsonNode::asString)).containsExactly("hi", "hello");
        assertThat(expected.get("response_not_contains").valueStream().map(JsonNode::asString)).containsExactly("sorry");
        assertThat(results.get(1).get("expected").propertyNames()).isEmpty();
    }
    @Test
    @DisplayName("a repeated test's badge is coloured by its verdict: green when stable, amber when flaky, red when broken")
    void stabilityBadgeColours(@TempDir Path dir) throws Exception {
        List<SimulationRecord> records = List.of(
                record("test_holds", "Main", Outcome.PASSED).toBuilder().repetitions(repetitions(3, 3)).build(),
                record("test_wavers", "Main", Outcome.FAILED).toBuilder().repetitions(repetitions(10, 7)).build(),
                record("test_broken", "Main", Outcome.FAILED).toBuilder().repetitions(repetitions(2, 0)).build());
        String title = "\" title=\"runs that passed of this test&#39;s runs (cognigy.repeat)\">";
        assertThat(page(dir, records)).contains("<span class=\"chip passed" + title + "stable 3 of 3</span>",
                "<span class=\"chip flaky" + title + "flaky 7 of 10</span>", "<span class=\"chip failed" + title + "broken 0 of 2</span>");
    }

    private static Repetitions repetitions(int runs, int passed) {
        return new Repetitions(runs, passed, 1.0, Map.of("greeting", runs), Map.of("Hello", runs), Map.of("Main", runs));
    }
}
