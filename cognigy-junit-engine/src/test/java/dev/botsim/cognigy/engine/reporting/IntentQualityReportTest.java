package dev.botsim.cognigy.engine.reporting;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.botsim.cognigy.annotations.BotTurn;
import dev.botsim.cognigy.engine.TestTurns;
import dev.botsim.cognigy.engine.analysis.RunAnalysis;
import dev.botsim.cognigy.spi.Expectation;
import dev.botsim.cognigy.spi.IntentMargin;
import dev.botsim.cognigy.spi.Outcome;
import dev.botsim.cognigy.spi.RunInfo;
import dev.botsim.cognigy.spi.SimulationRecord;

/** How the reports show intent quality where margins are unknown, and where there are more fragile utterances than the page lists. */
class IntentQualityReportTest {

    private static final RunInfo RUN = RunInfo.builder().batchId("batch_iq").started(Instant.EPOCH).backend("endpoint").build();

    private static SimulationRecord record(int n, String got, IntentMargin margin) {
        return SimulationRecord.builder().uniqueId("u" + n).testId("test_" + n).source("q.sim.yaml").line(n)
                .utterance("<b>utterance " + n + "</b>").expected(Expectation.builder().intent("order_pizza").build())
                .actual(List.of(TestTurns.turn(0, "Main", got, 0.9, Map.of(), null, null, null)))
                .outcome("order_pizza".equals(got) ? Outcome.PASSED : Outcome.FAILED).intentMargin(margin).build();
    }

    @Test
    @DisplayName("a backend without rankings: figures and pairs are shown, no margin is claimed, no fragile line is printed")
    void noMarginKnown(@TempDir Path dir) throws Exception {
        List<SimulationRecord> records = List.of(record(1, "order_pizza", null), record(2, "opening_hours", null));
        RunAnalysis analysis = RunAnalysis.of(RUN, records, new BigDecimal("0.95"));

        String page = Files.readString(new HtmlReport().write(dir, RUN, analysis, records, Instant.EPOCH));
        assertThat(page).contains("<h2>Intent quality</h2>", "expected order_pizza, got opening_hours ×1",
                "No margin known: this backend reports only the recognised intent's score.");
        assertThat(ConsoleSummary.intentQuality(analysis.intentQuality())).containsExactly(
                "[cognigy] intents: macro F1 0.33 over 2 intents; weakest opening_hours (F1 0.00); most confused: expected"
                        + " order_pizza, got opening_hours ×1");
    }

    @Test
    @DisplayName("figures and coverage are rounded down: an F1 of 0.7959 reads 0.79 in red, not a red 0.80 beside 'below"
            + " 0.80 is marked red'; one false positive in 400 is no weakest 1.00; 199 of 200 intents is not 100 %")
    void figuresRoundedDown(@TempDir Path dir) throws Exception {
        List<SimulationRecord> records = new ArrayList<>();
        // order_pizza: 39 recognised of 59 expected, F1 78 / 98 = 0.7959.
        for (int n = 0; n < 59; n++) records.add(record(n, n < 39 ? "order_pizza" : null, null));
        // opening_hours: 199 of 199 recognised, and once for another intent: F1 398 / 399 = 0.9975.
        for (int n = 59; n < 258; n++) {
            records.add(record(n, "opening_hours", null).toBuilder().expected(Expectation.builder().intent("opening_hours").build())
                    .outcome(Outcome.PASSED).build());
        }
        records.add(record(258, "opening_hours", null).toBuilder().expected(Expectation.builder().intent("greeting").build()).build());
        java.util.Set<String> botIntents = new java.util.TreeSet<>(List.of("order_pizza", "opening_hours", "greeting"));
        for (int n = 0; n < 197; n++) botIntents.add("unused_" + n);
        RunInfo run = RunInfo.builder().batchId("batch_iq").started(Instant.EPOCH).backend("simulation")
                .bot(RunInfo.BotFacts.builder().intents(botIntents).build()).build();
        RunAnalysis analysis = RunAnalysis.of(run, records, new BigDecimal("0.95"));

        String page = Files.readString(new HtmlReport().write(dir, run, analysis, records, Instant.EPOCH));
        assertThat(page).contains("<th scope=\"row\">order_pizza</th><td>59</td><td class=\"ok\">1.00</td><td class=\"bad\">0.66</td>"
                + "<td class=\"bad\">0.79</td>", "<th scope=\"row\">opening_hours</th><td>199</td><td class=\"ok\">0.99</td>");
        // (0.7959 + 0.9975 + 0) / 3 = 0.5978
        assertThat(ConsoleSummary.intentQuality(analysis.intentQuality()).get(0)).startsWith("[cognigy] intents: macro F1 0.59 over 3 intents");

        java.util.Set<String> recognisedAll = new java.util.TreeSet<>(botIntents);
        recognisedAll.remove("unused_0");
        List<SimulationRecord> nearlyAll = new ArrayList<>();
        recognisedAll.forEach(intent -> nearlyAll.add(record(nearlyAll.size(), intent, null)));
        String console = ConsoleSummary.summary(run, RunAnalysis.of(run, nearlyAll, new BigDecimal("0.95")), "index.html");
        assertThat(console).contains("[cognigy] intent coverage: 199 of 200 bot intents recognised (99 %)");
    }

    @Test
    @DisplayName("an expected intent the bot lacks (a misspelt one) is no class of the figures, nor counted against what the"
            + " bot recognised for it; the summary, results.json and the page say it was left out, the matrix marks its row."
            + " One the bot's list leaves out but an answer recognised is the bot's")
    void expectedIntentTheBotLacks(@TempDir Path dir) throws Exception {
        RunInfo run = RunInfo.builder().batchId("batch_iq").started(Instant.EPOCH).backend("simulation")
                .bot(RunInfo.BotFacts.builder().intents(java.util.Set.of("order_pizza")).build()).build();
        List<SimulationRecord> records = List.of(record(1, "order_pizza", null),
                SimulationRecord.builder().uniqueId("u2").testId("test_2").source("q.sim.yaml").line(2).utterance("hours?")
                        .expected(Expectation.builder().intent("opening_hours").build())
                        .actual(List.of(TestTurns.turn(0, "Main", "opening_hours", 0.9, Map.of(), null, null, null)))
                        .outcome(Outcome.PASSED).build(),
                SimulationRecord.builder().uniqueId("u3").testId("test_3").source("q.sim.yaml").line(3).utterance("a pizza")
                        .expected(Expectation.builder().intent("nonsense").build())
                        .actual(List.of(TestTurns.turn(0, "Main", "order_pizza", 0.9, Map.of(), null, null, null)))
                        .outcome(Outcome.FAILED).build());
        RunAnalysis analysis = RunAnalysis.of(run, records, new BigDecimal("0.95"));

        assertThat(analysis.intentQuality().perIntent()).containsOnlyKeys("order_pizza", "opening_hours");
        assertThat(analysis.intentQuality().perIntent().get("order_pizza").falsePositives()).isZero();
        assertThat(analysis.intentQuality().confusedPairs()).isEmpty();
        assertThat(analysis.intentQuality().notBotIntents()).containsExactly(Map.entry("nonsense", 1L));
        assertThat(analysis.confusion()).containsKey("nonsense");
        assertThat(ConsoleSummary.intentQuality(analysis.intentQuality())).containsExactly(
                "[cognigy] intents: macro F1 1.00 over 2 intents; left out: 1 test expecting nonsense, an intent the bot neither lists nor recognised");
        String page = Files.readString(new HtmlReport().write(dir, run, analysis, records, Instant.EPOCH));
        assertThat(page).contains("<tr><th scope=\"row\">nonsense <span class=\"muted\">(not the bot's)</span></th>",
                "Left out: nonsense (1 test), expected by tests but an intent the bot neither lists nor recognised");
        Path json = new ResultsJson().write(dir, run, analysis, records, Instant.EPOCH);
        assertThat(Files.readString(json)).containsPattern("\"not_bot_intents\"\\s*:\\s*\\{\\s*\"nonsense\"\\s*:\\s*1\\s*}");

        RunAnalysis unknownIntents = RunAnalysis.of(RUN, records, new BigDecimal("0.95"));
        assertThat(unknownIntents.intentQuality().perIntent()).containsKey("nonsense");
        assertThat(unknownIntents.intentQuality().notBotIntents()).isEmpty();
    }

    @Test
    @DisplayName("the page lists the first fragile utterances, escaped, each linked to its result, and says how many more results.json holds")
    void manyFragile(@TempDir Path dir) throws Exception {
        List<SimulationRecord> records = new ArrayList<>();
        for (int i = 0; i < HtmlReport.FRAGILE_SHOWN + 5; i++) {
            records.add(record(i, "order_pizza", new IntentMargin("order_pizza", 0.5, "opening_hours", 0.45)));
        }
        RunAnalysis analysis = RunAnalysis.of(RUN, records, new BigDecimal("0.95"));

        String page = Files.readString(new HtmlReport().write(dir, RUN, analysis, records, Instant.EPOCH));
        assertThat(page).contains("&lt;b&gt;utterance 0&lt;/b&gt;", "and 5 more in results.json")
                .doesNotContain("<b>utterance")
                .contains("<span class=\"muted\"><a href=\"#test_0\">test_0</a></span>", "<details id=\"test_0\" class=\"result");
        assertThat(page.split("<th scope=\"row\" class=\"text\">", -1)).hasSize(HtmlReport.FRAGILE_SHOWN + 1);
    }
}
