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

import dev.botsim.cognigy.engine.TestTurns;
import dev.botsim.cognigy.engine.analysis.RunAnalysis;
import dev.botsim.cognigy.spi.Expectation;
import dev.botsim.cognigy.spi.Outcome;
import dev.botsim.cognigy.spi.RunInfo;
import dev.botsim.cognigy.spi.SimulationRecord;

/**
 * A bot answering in Hebrew or Arabic, read in index.html: its sentence keeps its own direction after the page's
 * left-to-right label ({@code response: }), so the question mark that ends it stands at its end — on its left — and not
 * on its right, where a reader of Hebrew reads a sentence's start.
 */
class RightToLeftTextReportTest {

    private static final String ASKED = "איפה ההזמנה שלי?";
    private static final String ANSWER = "איך אפשר לעזור?";
    private static final String EXPECTED = "ההזמנה בדרך!";

    private static Path page(Path dir) throws Exception {
        RunInfo run = RunInfo.builder().batchId("batch_rtl").started(Instant.EPOCH).backend("sandbox").build();
        List<SimulationRecord> records = List.of(
                SimulationRecord.builder().uniqueId("u_he").testId("test_he").displayName("he.sim.yaml test_he: " + ASKED).source("he.sim.yaml")
                        .line(3).utterance(ASKED).expected(Expectation.builder().responseContains(EXPECTED).build())
                        .actual(List.of(TestTurns.turn(0, "Main", "check_order", 0.9, Map.of(), ANSWER, null, null)))
                        .outcome(Outcome.FAILED).message("he.sim.yaml:3 test_he: bot answer differs from the expectation for \""
                                + ASKED + "\" in response_contains\n- [response] expected to contain …").build(),
                SimulationRecord.builder().uniqueId("u_en").testId("test_en").displayName("he.sim.yaml test_en: where is my order?").source("he.sim.yaml")
                        .line(7).utterance("where is my order?").expected(Expectation.builder().responseContains("on its way!").build())
                        .actual(List.of(TestTurns.turn(0, "Main", "check_order", 0.9, Map.of(), "How can I help?", null, null)))
                        .outcome(Outcome.FAILED).message("he.sim.yaml:7 test_en: bot answer differs from the expectation for"
                                + " \"where is my order?\" in response_contains\n- [response] expected to contain …").build(),
                SimulationRecord.builder().uniqueId("u_timeout").testId("test_timeout").displayName("he.sim.yaml test_timeout")
                        .source("he.sim.yaml").line(11).utterance(ASKED).expected(Expectation.builder().intent("check_order").build())
                        .outcome(Outcome.TIMEOUT).message("simulation sim_1 did not complete within 3 s (cognigy.poll.timeout)").build());
        return new HtmlReport().write(dir, run, RunAnalysis.of(run, records, new BigDecimal("0.95")), records, Instant.EPOCH);
    }

    @Test
    @DisplayName("what the user said (in the result's name too), what the bot answered and the text a test expected are each"
            + " isolated with the direction of their first letter where they hold right-to-left letters; left-to-right ones are"
            + " written as they were")
    void rightToLeftTextsIsolated(@TempDir Path dir) throws Exception {
        String html = Files.readString(page(dir));

        assertThat(html).contains("<p class=\"label\">Actual</p><pre>user: <bdi>" + ASKED + "</bdi>\n",
                        "response: <bdi>" + ANSWER + "</bdi>\n",
                        "response contains: <bdi>" + EXPECTED + "</bdi>",
                        "<p class=\"label\">Transcript</p><pre>user: <bdi>" + ASKED + "</bdi>\n")
                .contains("<p class=\"label\">Actual</p><pre>user: where is my order?\n", "response: How can I help?\n",
                        "response contains: on its way!</span>");
        // The name: the file's and the test's, left to right, then the utterance in its own direction; in the list of
        // those not passed and on the result's line alike.
        assertThat(html).contains("<a href=\"#test_he\"><bdi>he.sim.yaml test_he: <bdi>" + ASKED + "</bdi></bdi></a>",
                "<summary><span class=\"chip failed\">FAILED</span> <bdi>he.sim.yaml test_he: <bdi>" + ASKED + "</bdi></bdi>",
                "<bdi>he.sim.yaml test_en: where is my order?</bdi>");
    }

    @Test
    @DisplayName("in Chromium the question mark ending a Hebrew answer or utterance is drawn at its end, left of its first"
            + " letter, in the result's name, under Actual and under Expected alike")
    void questionMarkAtTheSentencesEnd(@TempDir Path dir) throws Exception {
        HeadlessChromium.assumeInstalled();
        Path page = page(dir);
        Path checked = dir.resolve("checked.html");
        Files.writeString(checked, HeadlessChromium.withoutPolicy(Files.readString(page)).replace("</body>",
                "<pre id=\"rtl-check\"></pre><script>" + CHECK + "</script></body>"));

        String dom = HeadlessChromium.dom(checked.toUri().toString());

        String marker = "<pre id=\"rtl-check\">";
        int at = dom.indexOf(marker);
        assertThat(at).as("the check's output").isNotNegative();
        assertThat(dom.substring(at + marker.length(), dom.indexOf("</pre>", at)).strip().lines().toList()).containsExactly(
                "איפה ההזמנה שלי?: mark left of first letter",
                "ההזמנה בדרך!: mark left of first letter",
                "איפה ההזמנה שלי?: mark left of first letter",
                "איך אפשר לעזור?: mark left of first letter");
    }

    /**
     * For each Hebrew sentence of test_he — the utterance in its name and under Actual, the answer, the expected text — in
     * the page's order, where its closing mark is drawn against its first letter: in a sentence read from right to left,
     * its end is on the left.
     */
    private static final String CHECK = """
            (function(){
              var out = [], nodes = [], node;
              var walker = document.createTreeWalker(document.getElementById('test_he'), NodeFilter.SHOW_TEXT);
              while ((node = walker.nextNode())) nodes.push(node);
              nodes.forEach(function(node){
                ['%s', '%s', '%s'].forEach(function(text){
                  var start = node.data.indexOf(text);
                  if (start < 0) return;
                  function box(i){ var r = document.createRange(); r.setStart(node, i); r.setEnd(node, i + 1); return r.getBoundingClientRect(); }
                  var first = box(start), mark = box(start + text.length - 1);
                  out.push(text + ': mark ' + (mark.left < first.left ? 'left' : 'right') + ' of first letter');
                });
              });
              document.getElementById('rtl-check').textContent = out.join('\\n');
            })();
            """.formatted(ASKED, ANSWER, EXPECTED);
}
