package dev.botsim.cognigy.engine.reporting;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.io.TempDir;

import dev.botsim.cognigy.annotations.BotTurn;
import dev.botsim.cognigy.engine.TestTurns;
import dev.botsim.cognigy.engine.analysis.RunAnalysis;
import dev.botsim.cognigy.spi.Expectation;
import dev.botsim.cognigy.spi.Outcome;
import dev.botsim.cognigy.spi.Repetitions;
import dev.botsim.cognigy.spi.RunInfo;
import dev.botsim.cognigy.spi.SimulationRecord;

/**
 * The page laid out in headless Chromium at a desktop's and a phone's width: a flow's name is not broken inside where
 * half a line of its card could hold it, and tables one under the other do not touch.
 */
class NarrowLayoutReportTest {

    private static final List<String> FLOWS = List.of("flow_escalation", "flow_order_status", "flow_greeting",
            "flow_never_reached_in_this_run");

    private static Path page(Path dir) throws Exception {
        RunInfo run = RunInfo.builder().batchId("batch_narrow").started(Instant.EPOCH).backend("sandbox").botName("order-bot")
                .expectedFlows(FLOWS).build();
        List<SimulationRecord> records = new ArrayList<>();
        for (String flow : FLOWS.subList(0, 3)) {
            records.add(SimulationRecord.builder().uniqueId("u_" + flow).testId("test_" + flow).displayName("hello " + flow)
                    .source("simulations/orders.sim.yaml").line(records.size() + 1).utterance("hello")
                    .expected(Expectation.builder().intent("greeting").build())
                    .actual(List.of(TestTurns.turn(0, flow, "greeting", 0.9, Map.of(), "Hello", null, null))).outcome(Outcome.PASSED)
                    // Repeated: the stability section has its table of intents above its table of tests.
                    .repetitions(new Repetitions(2, 2, 1.0, Map.of("greeting", 2), Map.of("Hello", 2), Map.of(flow, 2))).build());
        }
        RunAnalysis analysis = RunAnalysis.of(run, records, new BigDecimal("0.95"));
        return new HtmlReport().write(dir, run, analysis, records, Instant.EPOCH);
    }

    @ParameterizedTest(name = "{0} px wide")
    @ValueSource(ints = {1280, 390})
    @DisplayName("a flow's name beside its coverage bar is not broken across lines when half its card would hold it, and the"
            + " stability section's two tables do not touch")
    void flowNamesWholeAndTablesApart(int width, @TempDir Path dir) throws Exception {
        HeadlessChromium.assumeInstalled();
        Path page = page(dir);
        // The check is a script of its own, which the page's Content-Security-Policy would refuse.
        Files.writeString(dir.resolve("checked.html"), HeadlessChromium.withoutPolicy(Files.readString(page))
                .replace("</body>", "<script>" + CHECK + "</script></body>"));
        // Chromium's window is at least 500 px wide: the page is opened in a frame of the width to check.
        Path frame = dir.resolve("frame.html");
        Files.writeString(frame, "<!DOCTYPE html><html><body style=\"margin:0\"><iframe src=\"checked.html\" style=\"width:" + width
                + "px;height:1600px;border:0\"></iframe><pre id=\"layout-check\"></pre><script>addEventListener('message',function(e){"
                + "document.getElementById('layout-check').textContent=e.data})</script></body></html>");

        String dom = HeadlessChromium.dom(frame.toUri().toString(), 1300, 1600);

        String marker = "<pre id=\"layout-check\">";
        int at = dom.indexOf(marker);
        assertThat(at).as("the frame's report").isNotNegative();
        assertThat(dom.substring(at + marker.length(), dom.indexOf("</pre>", at)).strip().lines().toList())
                .as("at " + width + " px").containsExactly("checked 4 flows, 2 tables");
    }

    /**
     * Lists each flow name beside the bars that takes more than one line though half the card's inner width would hold
     * it on one, and each table whose top is less than 8 px below the table above it in its section; then what it checked.
     */
    private static final String CHECK = """
            (function(){var out=[];var names=document.querySelectorAll('.bar .name');
            [].forEach.call(names,function(e){var r=document.createRange();r.selectNodeContents(e);var tops={};
            [].forEach.call(r.getClientRects(),function(x){if(x.width>0)tops[Math.round(x.top)]=1});
            var probe=document.createElement('span');probe.style.cssText='position:absolute;white-space:nowrap;font:inherit;visibility:hidden';
            probe.textContent=e.textContent;e.appendChild(probe);var whole=probe.getBoundingClientRect().width;e.removeChild(probe);
            var card=e.closest('.card');var cs=getComputedStyle(card);var room=card.clientWidth-parseFloat(cs.paddingLeft)-parseFloat(cs.paddingRight);
            if(Object.keys(tops).length>1&&whole<=room/2)out.push('flow name "'+e.textContent+'" broken over '+Object.keys(tops).length+' lines, '+Math.round(whole)+' px in a card of '+Math.round(room)+' px');});
            var tables=document.querySelectorAll('#section-stability table');
            for(var i=1;i<tables.length;i++){var gap=tables[i].getBoundingClientRect().top-tables[i-1].getBoundingClientRect().bottom;
            if(gap<8)out.push('table '+(i+1)+' of the stability section is '+Math.round(gap)+' px below the one above it');}
            out.push('checked '+names.length+' flows, '+tables.length+' tables');parent.postMessage(out.join('\\n'),'*');})();
            """;
}
