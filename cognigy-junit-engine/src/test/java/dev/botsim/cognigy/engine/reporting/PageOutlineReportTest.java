package dev.botsim.cognigy.engine.reporting;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
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

/** index.html as a screen reader navigates it: by its headings, and by the headings of its tables' cells. */
class PageOutlineReportTest {

    private static final RunInfo RUN = RunInfo.builder().batchId("batch_outline").started(Instant.EPOCH).backend("nlu")
            .botName("order-bot").build();

    private static SimulationRecord.Builder record(String id, String source, String got) {
        return SimulationRecord.builder().uniqueId("u_" + id).testId(id).source(source).line(id.length()).utterance("hi " + id)
                .expected(Expectation.builder().intent("greeting").build())
                .actual(List.of(TestTurns.turn(0, "Main", got, 0.9, Map.of(), "Hello", null, null)))
                .outcome("greeting".equals(got) ? Outcome.PASSED : Outcome.FAILED)
                .intentMargin(new IntentMargin(got, 0.9, "goodbye", 0.85));
    }

    private static String page(Path dir) throws Exception {
        List<SimulationRecord> records = List.of(
                record("test_failed", "a.sim.yaml", "goodbye").message("a.sim.yaml:11 test_failed: bot answer differs\n- [intent]").build(),
                record("test_passed", "a.sim.yaml", "greeting").build(),
                record("c#1", "b.sim.yaml", "greeting").conversationTurn("c", 1).build(),
                record("c#2", "b.sim.yaml", "goodbye").conversationTurn("c", 2).message("the approved answer differs").build(),
                record("test_repeated", "b.sim.yaml", "greeting")
                        .repetitions(new Repetitions(2, 2, 1.0, Map.of("greeting", 2), Map.of("Hello", 2), Map.of("Main", 2))).build());
        RunAnalysis analysis = RunAnalysis.of(RUN, records, new BigDecimal("0.95"));
        return Files.readString(new HtmlReport().write(dir, RUN, analysis, records, Instant.EPOCH));
    }

    @Test
    @DisplayName("landmarks: the header (banner), the links (navigation) and one main region holding the figures, the sections"
            + " and the results, which a screen reader jumps to")
    void landmarks(@TempDir Path dir) throws Exception {
        String page = page(dir);

        assertThat(page.split("<main>", -1)).hasSize(2);
        assertThat(page.indexOf("</header><main>")).isPositive();
        assertThat(page.indexOf("<main>")).isLessThan(page.indexOf("<section class=\"tiles\">"))
                .isLessThan(page.indexOf("<nav class=\"jumps\""));
        assertThat(page.indexOf("</main>")).isGreaterThan(page.indexOf("id=\"section-simulations\""))
                .isLessThan(page.indexOf("<script>"));
    }

    @Test
    @DisplayName("the headings are the page (h1), its sections (h2), files (h3) and conversations (h4); Expected, Actual,"
            + " Message and Transcript in each result are labels, not headings")
    void outline(@TempDir Path dir) throws Exception {
        String page = page(dir);

        List<String> headings = new ArrayList<>();
        Matcher heading = Pattern.compile("<h([1-6])[^>]*>(.*?)</h\\1>").matcher(page);
        while (heading.find()) headings.add("h" + heading.group(1) + " " + heading.group(2).replaceAll("<[^>]+>", ""));
        assertThat(headings).containsExactly(
                "h1 Bot simulations order-bot",
                "h2 Not passed",
                "h2 Flow coverage",
                "h2 Intents and entities",
                "h2 Intent quality",
                "h3 Most confused",
                "h2 Fragile utterances",
                "h2 Stability under repetition",
                "h2 Simulations",
                "h3 a.sim.yaml 2 tests, 1 not passed",
                "h3 b.sim.yaml 3 tests, 1 not passed",
                "h4 conversation c");
        assertThat(page).contains("<p class=\"label\">Expected</p><pre>intent: greeting\n</pre>",
                        "<p class=\"label\">Actual</p><pre>user: hi test_failed\n",
                        "<p class=\"label\">Transcript</p><pre>user: hi test_passed\n",
                        "<p class=\"label\">Message</p><pre>the approved answer differs</pre>")
                .doesNotContain("<h3>Expected", "<h3>Actual", "<h3>Message", "<h3>Transcript");
    }

    @Test
    @DisplayName("every header cell of the page's tables says whether it heads a column or a row; a fragile utterance heads its row")
    void headerCellsHaveAScope(@TempDir Path dir) throws Exception {
        String page = page(dir);

        List<String> cells = new ArrayList<>();
        Matcher th = Pattern.compile("<th[ >][^>]*>?").matcher(page);
        while (th.find()) cells.add(th.group());
        assertThat(cells).hasSizeGreaterThan(20).allMatch(cell -> cell.equals("<th scope=\"col\">") || cell.equals("<th scope=\"row\">")
                || cell.equals("<th scope=\"row\" class=\"text\">"));
        assertThat(page).contains("<tr><th scope=\"col\">expected \\ recognised</th><th scope=\"col\">goodbye</th>",
                "<tr><th scope=\"row\">greeting</th>",
                // A fragile utterance heads its row: moving along it, a screen reader says whose margin and outcome it reads.
                "<tr><th scope=\"row\" class=\"text\">hi test_failed <span class=\"muted\"><a href=\"#test_failed\">test_failed</a></span></th><td>greeting</td>",
                "<tr><th scope=\"col\">utterance</th><th scope=\"col\">expected</th><th scope=\"col\">best</th>",
                "<tr><th scope=\"col\">test</th><th scope=\"col\">verdict</th>");
        // A repeated test heads its row of the stability table: its verdict and distributions are said as its.
        assertThat(page).containsPattern("aria-label=\"repeated tests\"><tr>(<th scope=\"col\">[a-z]+</th>){6}</tr><tr><th"
                + " scope=\"row\" class=\"text\"><a href=\"#[^\"]+\">[^<]+</a><br><span class=\"muted\">[^<]*</span></th><td>");
    }
}
