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

/** The page of a large NLU run: hundreds of fragile utterances above the results, thirty intents in the matrix. */
class LargeNluPageTest {

    private static final RunInfo RUN = RunInfo.builder().batchId("batch_large_nlu").started(Instant.EPOCH).backend("nlu").build();

    /** 600 sentences of 30 intents, one in eleven recognised as another, one in three within 0.10 of the runner-up. */
    private static List<SimulationRecord> records() {
        List<SimulationRecord> records = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            String expected = "intent_number_" + i % 30;
            String got = i % 11 == 3 ? "intent_number_" + (i + 1) % 30 : expected;
            double best = 0.6 + i % 7 * 0.05;
            double second = i % 3 == 0 ? best - 0.02 : best - 0.4;
            records.add(SimulationRecord.builder().uniqueId("u" + i).testId("test_sentence_" + i).source("nlu/" + i % 4 + ".sim.yaml")
                    .line(i + 1).utterance("a user sentence number " + i + " long enough to wrap in a narrow column")
                    .expected(Expectation.builder().intent(expected).build())
                    .actual(List.of(TestTurns.turn(0, null, got, best, Map.of(), null, null, null)))
                    .outcome(got.equals(expected) ? Outcome.PASSED : Outcome.FAILED)
                    .intentMargin(new IntentMargin(got, best, "intent_number_" + (i + 2) % 30, second)).build());
        }
        return records;
    }

    private static Path page(Path dir) throws Exception {
        List<SimulationRecord> records = records();
        return new HtmlReport().write(dir, RUN, RunAnalysis.of(RUN, records, new BigDecimal("0.95")), records, Instant.EPOCH);
    }

    @Test
    @DisplayName("fragile utterances have a section of the page's whole width, and links under the tiles lead to the results,"
            + " the first not passed and each section")
    void fragileFullWidthAndLinksToTheResults(@TempDir Path dir) throws Exception {
        String page = Files.readString(page(dir));

        assertThat(page).contains("<section class=\"row wide\" id=\"section-fragile\"><div class=\"card\"><h2>Fragile utterances</h2>",
                "<section class=\"row wide\" id=\"section-intent-quality\"><div class=\"card\"><h2>Intent quality</h2>",
                "<section class=\"card\" id=\"section-simulations\"><h2>Simulations</h2>");
        // The first result not passed on the page: nlu/0.sim.yaml's, failures first; test_sentence_3 is in nlu/3.sim.yaml.
        assertThat(page).contains("<nav class=\"jumps\" aria-label=\"on this page\">Go to: <a href=\"#section-simulations\">all 600"
                + " results</a> · <a href=\"#test_sentence_36\">the first not passed</a> (test_sentence_36) · <a href=\"#section-not-passed\">all"
                + " 55 not passed</a> · <a href=\"#section-coverage\">"
                + "flow coverage</a> · <a href=\"#section-intent-quality\">intent quality</a> · <a href=\"#section-fragile\">fragile"
                + " utterances</a> (200)</nav>");
        int firstResult = page.indexOf("<details id=\"");
        assertThat(page.substring(firstResult)).startsWith("<details id=\"test_sentence_36\" class=\"result failed\"");
        assertThat(page.indexOf("<nav class=\"jumps\"")).isLessThan(page.indexOf("<h2>"));
    }

    @Test
    @DisplayName("in Chromium at 1280 px the links are near the top and the fragile table's every column is in view, not behind a sideways scroll")
    void inChromium(@TempDir Path dir) throws Exception {
        HeadlessChromium.assumeInstalled();
        Path checked = dir.resolve("checked.html");
        Files.writeString(checked, HeadlessChromium.withoutPolicy(Files.readString(page(dir))).replace("</body>", "<script>" + MEASURE + "</script></body>"));

        String dom = HeadlessChromium.dom(checked.toUri().toString(), 1280, 900);

        String marker = "<pre id=\"measured\">";
        assertThat(dom).contains(marker);
        List<String> measured = dom.substring(dom.indexOf(marker) + marker.length(), dom.indexOf("</pre>", dom.indexOf(marker))).lines().toList();
        assertThat(measured).contains("fragile table fits");
        assertThat(Integer.parseInt(measured.get(0).replace("links at y=", ""))).isLessThan(400);
    }

    /** Where the links are, and whether the fragile table is as wide as its box at most. */
    private static final String MEASURE = """
            (function(){var o=[];var n=document.querySelector('nav.jumps');o.push('links at y='+Math.round(n.getBoundingClientRect().top+scrollY));
            var t=document.querySelector('table.fragile');var box=t.closest('.scroll');
            o.push(t.scrollWidth<=box.clientWidth?'fragile table fits':'fragile table '+t.scrollWidth+' px in a box of '+box.clientWidth);
            var p=document.createElement('pre');p.id='measured';p.textContent=o.join('\\n');document.body.appendChild(p)})();
            """;
}
