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
import dev.botsim.cognigy.spi.Repetitions;
import dev.botsim.cognigy.spi.RunInfo;
import dev.botsim.cognigy.spi.SimulationRecord;

/** What index.html shows of approved answers and repetitions, beyond the declared expectation. */
class ApprovalAndRepetitionReportTest {

    private static final RunInfo RUN = RunInfo.builder().batchId("batch_ap").started(Instant.EPOCH).backend("sandbox").build();

    private static SimulationRecord.Builder record(String id, Outcome outcome) {
        return SimulationRecord.builder().uniqueId("u_" + id).testId(id).source("a.sim.yaml").line(3).utterance("hi")
                .expected(Expectation.builder().intent("greeting").build())
                .actual(List.of(TestTurns.turn(0, "Main", "greeting", 0.9, Map.of(), "Hello <there>", null, null)))
                .outcome(outcome);
    }

    @Test
    @DisplayName("answers this run approved carry a badge to review them; an answer that differs from its approved one,"
            + " and a repeated test that fell short, show their message beside expected and actual, escaped")
    void badgesAndMessages(@TempDir Path dir) throws Exception {
        List<SimulationRecord> records = List.of(
                record("test_new", Outcome.PASSED).approval(SimulationRecord.Approval.NEWLY_APPROVED).build(),
                record("test_changed", Outcome.PASSED).approval(SimulationRecord.Approval.ACCEPTED).build(),
                record("test_same", Outcome.PASSED).approval(SimulationRecord.Approval.COMPARED).build(),
                record("test_differs", Outcome.FAILED).approval(SimulationRecord.Approval.COMPARED)
                        .message("bot answer differs from the approved answer\n- text: approved \"Hi <you>\"").build(),
                record("test_wavers", Outcome.FAILED).message("FLAKY: 1 of 2 runs passed (50%), 100% required")
                        .repetitions(new Repetitions(2, 1, 1.0, Map.of("greeting", 2), Map.of("Hello", 2), Map.of("Main", 2)))
                        .build(),
                record("test_plain", Outcome.FAILED)
                        .message("a.sim.yaml:3 test_plain: bot answer differs from the expectation for \"hi\"\n- plain failure said by the diff").build());
        RunAnalysis analysis = RunAnalysis.of(RUN, records, new BigDecimal("0.95"));

        String page = Files.readString(new HtmlReport().write(dir, RUN, analysis, records, Instant.EPOCH));

        assertThat(page.split(">newly approved</span>", -1)).hasSize(2);
        assertThat(page.split(">approval changed</span>", -1)).hasSize(2);
        assertThat(page).contains("- text: approved &quot;Hi &lt;you&gt;&quot;", "FLAKY: 1 of 2 runs passed")
                .doesNotContain("Hi <you>", "plain failure said by the diff");
    }

    @Test
    @DisplayName("the links at the top say how many answers this run wrote as approved, to review before committing, and lead"
            + " to the first on the page: passed and closed, they are found no other way among thousands of results")
    void approvedAnswersLinked(@TempDir Path dir) throws Exception {
        List<SimulationRecord> records = List.of(
                record("test_plain", Outcome.PASSED).line(1).build(),
                record("test_changed", Outcome.PASSED).line(2).approval(SimulationRecord.Approval.ACCEPTED).build(),
                record("test_fails", Outcome.FAILED).line(3).build(),
                record("test_new", Outcome.FAILED).line(4).approval(SimulationRecord.Approval.NEWLY_APPROVED).build(),
                record("test_same", Outcome.PASSED).line(5).approval(SimulationRecord.Approval.COMPARED).build());
        RunAnalysis analysis = RunAnalysis.of(RUN, records, new BigDecimal("0.95"));

        String page = Files.readString(new HtmlReport().write(dir, RUN, analysis, records, Instant.EPOCH));
        String jumps = page.substring(page.indexOf("<nav class=\"jumps\""), page.indexOf("</nav>"));

        // Failures come first on the page: test_new is above test_changed.
        assertThat(jumps).contains(" · <a href=\"#test_new\">2 answers written as approved</a> by this run, to review (test_new)");
        List<SimulationRecord> none = List.of(record("test_same", Outcome.PASSED).approval(SimulationRecord.Approval.COMPARED).build());
        String without = Files.readString(new HtmlReport().write(dir, RUN, RunAnalysis.of(RUN, none, new BigDecimal("0.95")), none, Instant.EPOCH));
        assertThat(without).doesNotContain("written as approved");
    }

    @Test
    @DisplayName("a test whose whole expectation is its approved answer says so under Expected, not '(nothing declared)'")
    void approvedAnswerIsTheExpectation(@TempDir Path dir) throws Exception {
        List<SimulationRecord> records = List.of(record("test_approved_only", Outcome.FAILED)
                .expected(Expectation.builder().approved(List.of("intent", "next_flow", "text", "entities")).build())
                .approval(SimulationRecord.Approval.COMPARED)
                .message("a.sim.yaml:3 test_approved_only: bot answer differs from the approved answer for \"hi\"\n"
                        + "- intent: approved \"farewell\", the bot answered \"greeting\"").build());
        RunAnalysis analysis = RunAnalysis.of(RUN, records, new BigDecimal("0.95"));

        String page = Files.readString(new HtmlReport().write(dir, RUN, analysis, records, Instant.EPOCH));

        assertThat(page).contains("<p class=\"label\">Expected</p><pre>the approved answer: intent, next_flow, text, entities\n</pre>")
                .doesNotContain("(nothing declared)").contains("- intent: approved &quot;farewell&quot;");
    }

    @Test
    @DisplayName("a repeated test's verdict is a badge on its result (flaky 7 of 10), and the stability table links each test"
            + " to its result, whose anchor is its test id")
    void stabilityBadgeAndLinks(@TempDir Path dir) throws Exception {
        List<SimulationRecord> records = List.of(
                record("test_wavers", Outcome.FAILED).message("FLAKY: 7 of 10 runs passed (70%), 100% required")
                        .repetitions(new Repetitions(10, 7, 1.0, Map.of("greeting", 7, "farewell", 3), Map.of("Hello", 10), Map.of("Main", 10)))
                        .build(),
                record("test_holds", Outcome.PASSED)
                        .repetitions(new Repetitions(3, 3, 1.0, Map.of("greeting", 3), Map.of("Hello", 3), Map.of("Main", 3))).build(),
                record("test_broken", Outcome.FAILED).message("BROKEN: 0 of 2 runs passed (0%), 100% required")
                        .repetitions(new Repetitions(2, 0, 1.0, Map.of("farewell", 2), Map.of("Bye", 2), Map.of("Main", 2))).build(),
                record("test_once", Outcome.PASSED).build());
        RunAnalysis analysis = RunAnalysis.of(RUN, records, new BigDecimal("0.95"));

        String page = Files.readString(new HtmlReport().write(dir, RUN, analysis, records, Instant.EPOCH));

        assertThat(page).contains("<details id=\"test_wavers\" class=\"result failed\"", "<details id=\"test_once\" class=\"result passed\"")
                .contains(">flaky 7 of 10</span>", ">stable 3 of 3</span>", ">broken 0 of 2</span>")
                .contains("<span class=\"chip flaky\"", "<span class=\"chip passed\" title=\"runs that passed")
                .contains("<span class=\"chip failed\" title=\"runs that passed")
                .contains("<th scope=\"row\" class=\"text\"><a href=\"#test_wavers\">test_wavers</a>", "<a href=\"#test_holds\">test_holds</a>");
        assertThat(page.split(" of 3</span>", -1)).as("no badge on a test that ran once").hasSize(2);
    }

    @Test
    @DisplayName("the stability card's per-intent rate is rounded down, as every share beside a limit: 199 of 200 runs"
            + " recognising an intent read 99 %, never the 100 % of an intent recognised in every run")
    void intentRateRoundedDown(@TempDir Path dir) throws Exception {
        List<SimulationRecord> records = List.of(
                record("test_almost", Outcome.FAILED).expected(Expectation.builder().intent("check_order").build())
                        .repetitions(new Repetitions(200, 199, 1.0, Map.of("check_order", 199, "escalate", 1), Map.of("Sure", 200),
                                Map.of("Main", 200))).build(),
                record("test_always", Outcome.PASSED).repetitions(new Repetitions(2, 2, 1.0, Map.of("greeting", 2),
                        Map.of("Hello", 2), Map.of("Main", 2))).build());
        RunAnalysis analysis = RunAnalysis.of(RUN, records, new BigDecimal("0.95"));

        String page = Files.readString(new HtmlReport().write(dir, RUN, analysis, records, Instant.EPOCH));

        assertThat(page).contains("<th scope=\"row\">check_order</th><td>1</td><td>200</td><td>199</td><td>99 %</td>",
                "<th scope=\"row\">greeting</th><td>1</td><td>2</td><td>2</td><td>100 %</td>");
    }
}
