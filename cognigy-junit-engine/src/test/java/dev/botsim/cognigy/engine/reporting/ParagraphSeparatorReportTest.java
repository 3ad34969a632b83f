package dev.botsim.cognigy.engine.reporting;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

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
 * A paragraph separator in a name (U+2029, U+001C-U+001E, U+0085) ends every embedding and isolate open at it, the
 * isolate the page puts the name in too: the page's own words after the name stay after it as Chromium draws them.
 */
class ParagraphSeparatorReportTest {

    private static final String RLO = "\u202e";
    private static final String PDF = "\u202c";
    private static final String LRI = "\u2066";
    private static final String FSI = "\u2068";
    private static final String PDI = "\u2069";

    @Test
    @DisplayName("a file name and a test id holding a paragraph separator and an override: the heading's count and the"
            + " result's duration are drawn after the name, not inside it")
    void pageWordsStayAfterTheName(@TempDir Path dir) throws Exception {
        HeadlessChromium.assumeInstalled();
        RunInfo run = RunInfo.builder().batchId("batch_bidi").started(Instant.EPOCH).backend("sandbox").build();
        String file = "file\u2029para " + RLO + "gnp" + PDF + " " + LRI + "iso.sim.yaml";
        List<SimulationRecord> records = List.of(record("test\u2029" + RLO + "1", file, 1), record("test_2", file, 2));
        Path page = new HtmlReport().write(dir, run, RunAnalysis.of(run, records, new BigDecimal("0.95")), records, Instant.EPOCH);
        Path checked = dir.resolve("checked.html");
        Files.writeString(checked, HeadlessChromium.withoutPolicy(Files.readString(page)).replace("</body>", "<script>" + CHECK + "</script></body>"));

        String dom = HeadlessChromium.dom(checked.toUri().toString());

        String marker = "<pre id=\"bidi-check\">";
        int at = dom.indexOf(marker);
        assertThat(at).as("the check's result in the page").isNotNegative();
        assertThat(dom.substring(at + marker.length(), dom.indexOf("</pre>", at)).strip().lines().toList())
                .containsExactly("checked 1 heading, 1 test id");
    }

    @Test
    @DisplayName("esc: at a paragraph separator what is open is closed and a new isolate opened after it, which the final"
            + " PDI closes; a separator alone is isolated as well, a line separator or line feed alone is not")
    void separatorsEndAndReopenTheIsolate() {
        for (String b : List.of("\u2029", "\u001c", "\u001d", "\u001e", "\u0085")) {
            assertThat(HtmlReport.esc("a" + b + "b")).as("U+%04X alone", (int) b.charAt(0)).isEqualTo(FSI + "a" + PDI + b + FSI + "b" + PDI);
            assertThat(HtmlReport.esc("a" + RLO + "b" + LRI + "c" + b + "d" + RLO + "e"))
                    .as("U+%04X closing the text's own override and isolate", (int) b.charAt(0))
                    .isEqualTo(FSI + "a" + RLO + "b" + LRI + "c" + PDI + PDF + PDI + b + FSI + "d" + RLO + "e" + PDF + PDI);
        }
        assertThat(HtmlReport.esc("<a>\u2029")).isEqualTo(FSI + "&lt;a&gt;" + PDI + "\u2029" + FSI + PDI);
        assertThat(HtmlReport.esc("a\u2028b\nc")).as("not paragraph separators in the page").isEqualTo("a\u2028b\nc");
    }

    private static SimulationRecord record(String id, String source, int n) {
        return SimulationRecord.builder().uniqueId("u_" + n).testId(id).displayName("hello " + n).source(source)
                // No line: nothing but the duration's figures after the test id.
                .line(0)
                .tags(Set.of("t\u2029ag")).utterance("hello").expected(Expectation.builder().intent("greeting").build())
                .actual(List.of(TestTurns.turn(0, "Main", "greeting", 0.9, Map.of(), "Hello", null, null)))
                .duration(Duration.ofMillis(42)).outcome(Outcome.PASSED).build();
    }

    /**
     * Lists each file heading and result line on which a character of the page's own text (after the name's last PDI)
     * is drawn left of a character of the name; then what it checked. Characters are measured one by one.
     */
    private static final String CHECK = """
            (function(){var out=[];function chars(root,from,to){var list=[];var w=document.createTreeWalker(root,NodeFilter.SHOW_TEXT);var t;
            while(t=w.nextNode()){for(var i=0;i<t.length;i++){var c=t.data.charAt(i);var r=document.createRange();r.setStart(t,i);r.setEnd(t,i+1);
            var box=[].filter.call(r.getClientRects(),function(x){return x.width>0})[0];list.push({c:c,box:box});}}return list;}
            function check(el,what){var list=chars(el);var end=-1;list.forEach(function(x,i){if(x.c==='\\u2069')end=i;});
            if(end<0){out.push(what+': no isolate');return;}var right=0;list.slice(0,end).forEach(function(x){if(x.box&&x.c.trim())right=Math.max(right,x.box.right);});
            list.slice(end+1).forEach(function(x){if(x.box&&x.c.trim()&&x.box.left<right-0.5)out.push(what+': "'+x.c+'" of the page drawn at '+Math.round(x.box.left)+' px, inside the name, which ends at '+Math.round(right)+' px');});}
            var heads=document.querySelectorAll('h3.source');[].forEach.call(heads,function(h){check(h,'heading');});
            var ids=[].filter.call(document.querySelectorAll('summary .muted'),function(s){return s.textContent.indexOf('\\u2029')>=0;});
            ids.forEach(function(s){check(s,'test id');});
            out.push('checked '+heads.length+' heading'+(heads.length==1?'':'s')+', '+ids.length+' test id'+(ids.length==1?'':'s'));
            var p=document.createElement('pre');p.id='bidi-check';p.textContent=out.join('\\n');document.body.appendChild(p);})();
            """;
}
