package dev.botsim.cognigy.engine.reporting;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

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
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Reports of runs large enough that both files are written in many pieces. */
class ReportStreamingTest {

    private static final int RECORDS = 3000;

    private final RunInfo run = RunInfo.builder().batchId("batch_big").started(Instant.parse("2026-11-24T10:00:00Z"))
            .backend("sandbox").expectedFlows(List.of("flow_order")).plannedTests(RECORDS).build();

    private List<SimulationRecord> records() {
        List<SimulationRecord> records = new ArrayList<>();
        for (int i = 0; i < RECORDS; i++) {
            Outcome outcome = i % 10 == 3 ? Outcome.FAILED : Outcome.PASSED;
            records.add(SimulationRecord.builder().uniqueId("[engine:cognigy]/[case:test_" + i + "]").testId("test_" + i)
                    .displayName("where is my order ORD_" + i).source("orders.sim.yaml").line(i + 1)
                    .utterance("where is my order ORD_" + i)
                    .expected(Expectation.builder().intent("check_order").entities(Map.of("order_id", "ORD_" + i)).build())
                    .actual(List.of(TestTurns.turn(0, "flow_order", "check_order", 0.9, Map.of("order_id", "ORD_" + i), "On its way", null, null)))
                    .outcome(outcome).message(outcome == Outcome.PASSED ? null : "wrong").duration(Duration.ofMillis(5)).build());
        }
        return records;
    }

    @Test
    @DisplayName("index.html of a large run: every simulation once, failures first then passes, each in source order; a complete page")
    void htmlInPieces(@TempDir Path dir) throws Exception {
        List<SimulationRecord> records = records();
        Path page = new HtmlReport().write(dir, run, RunAnalysis.of(run, records, BigDecimal.valueOf(0.95)), records,
                Instant.parse("2026-11-24T10:05:00Z"));
        String html = Files.readString(page, StandardCharsets.UTF_8);
        assertThat(html.length()).as("large enough to be written in several pieces").isGreaterThan(4 << 16);
        List<Integer> order = new ArrayList<>();
        Matcher row = Pattern.compile("<details id=\"test_\\d+\" class=\"result \\w+\" data-outcome=\"\\w+\" data-tags=\"\\[\\]\"(?: open)?><summary>"
                + "<span class=\"chip \\w+\">\\w+</span> <bdi>[^<]*</bdi> <span class=\"muted\">test_(\\d+) ").matcher(html);
        while (row.find()) order.add(Integer.parseInt(row.group(1)));
        List<Integer> expected = new ArrayList<>();
        for (int i = 0; i < RECORDS; i++) if (i % 10 == 3) expected.add(i);
        for (int i = 0; i < RECORDS; i++) if (i % 10 != 3) expected.add(i);
        assertThat(order).isEqualTo(expected);
        assertThat(html).startsWith("<!DOCTYPE html>").endsWith("</script></body></html>");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("index.html");
        }
    }

    @Test
    @DisplayName("in Chromium, a page of 3,000 results in 30 files lays out the results near the window only, not all of them;"
            + " index.html#<the last result> still opens it in view")
    void laidOutNearTheWindowOnly(@TempDir Path dir) throws Exception {
        HeadlessChromium.assumeInstalled();
        List<SimulationRecord> records = records().stream()
                .map(r -> r.toBuilder().source("orders_" + r.line() % 30 + ".sim.yaml").build()).toList();
        Path page = new HtmlReport().write(dir, run, RunAnalysis.of(run, records, BigDecimal.valueOf(0.95)), records,
                Instant.parse("2026-11-24T10:05:00Z"));
        Path checked = dir.resolve("checked.html");
        Files.writeString(checked, HeadlessChromium.withoutPolicy(Files.readString(page)).replace("</body>", "<script>" + LAID_OUT + "</script></body>"));

        // At the results: above them, the list of the 300 not passed.
        List<String> atTop = measured(HeadlessChromium.dom(checked.toUri() + "#section-simulations", 1280, 900));
        assertThat(atTop.get(0)).isEqualTo("3000 shown");
        assertThat(Integer.parseInt(atTop.get(1).replace(" results laid out", ""))).as("results laid out in a window of 900 px: those of"
                + " the groups near it (100 results each), not the page's 3,000").isPositive().isLessThanOrEqualTo(300);
        assertThat(Integer.parseInt(atTop.get(2).replace(" groups laid out", ""))).as("groups laid out").isPositive().isLessThan(5);

        // The page's last result, in orders_9.sim.yaml (line 2979): 29 groups above it, far below the window.
        String last = "test_2978";
        List<String> opened = measured(HeadlessChromium.dom(checked.toUri() + "#" + last, 1280, 900));
        assertThat(opened.get(3)).isEqualTo(last + " open, in view");
    }

    @Test
    @DisplayName("in Chromium, unchecking \"passed\" on a page of 3,000 results in 300 files, one failure in each, shrinks the"
            + " page to about what the 300 results shown take: a file far from the window is no longer as tall as its hidden"
            + " passing results")
    void filteredPageAsTallAsItsResults(@TempDir Path dir) throws Exception {
        HeadlessChromium.assumeInstalled();
        List<SimulationRecord> records = records().stream()
                .map(r -> r.toBuilder().source("orders_%03d.sim.yaml".formatted((r.line() - 1) / 10)).build()).toList();
        Path page = new HtmlReport().write(dir, run, RunAnalysis.of(run, records, BigDecimal.valueOf(0.95)), records,
                Instant.parse("2026-11-24T10:05:00Z"));
        Path checked = dir.resolve("checked.html");
        Files.writeString(checked, HeadlessChromium.withoutPolicy(Files.readString(page)).replace("</body>", "<script>" + FILTERED + "</script></body>"));

        List<String> heights = measured(HeadlessChromium.dom(checked.toUri().toString(), 1280, 900));

        assertThat(heights.get(2)).isEqualTo("300 shown");
        int all = Integer.parseInt(heights.get(0));
        int filtered = Integer.parseInt(heights.get(1));
        // Each file as a placeholder: its heading (30 px), a failure (open, 240 px) and 9 passes (33 px each): 567 px with all
        // shown, 270 with the failure alone; the tiles, links and the list of those not passed are above both.
        int notPassedList = Integer.parseInt(heights.get(3));
        assertThat(filtered - notPassedList).as("the page filtered to those not passed, without the list of them (all: %d px)",
                all - notPassedList).isLessThan((all - notPassedList) * 6 / 10);
    }

    /**
     * As the page's script ends, before the browser has drawn it (as on a page of 50,000 results still being drawn, whose
     * files far from the window were never laid out): its height, its height with "passed" unchecked, the count shown,
     * the bottom of the list of those not passed.
     */
    private static final String FILTERED = """
            (function(){var o=[];
            o.push(document.documentElement.scrollHeight);var box=document.querySelector('input.outcome[value=PASSED]');box.checked=false;
            box.dispatchEvent(new Event('change'));o.push(document.documentElement.scrollHeight);o.push(document.getElementById('shown').textContent);
            o.push(Math.round(document.getElementById('section-not-passed').getBoundingClientRect().bottom+scrollY));
            var p=document.createElement('pre');p.id='measured';p.textContent=o.join('\\n');document.body.appendChild(p)})();
            """;

    /**
     * After the page has been drawn: how many results it shows, how many results are laid out (not inside a group skipped as
     * far from the window), how many groups' headings are, and whether the result the URL names is open and inside the window.
     */
    private static final String LAID_OUT = """
            addEventListener('load',function(){requestAnimationFrame(function(){requestAnimationFrame(function(){var o=[];
            o.push(document.getElementById('shown').textContent);var laid=function(e){return e.checkVisibility({contentVisibilityAuto:true})};
            o.push([].filter.call(document.querySelectorAll('details.result'),laid).length+' results laid out');
            o.push([].filter.call(document.querySelectorAll('.group > h3'),laid).length+' groups laid out');
            var d=document.getElementById(decodeURIComponent(location.hash.slice(1)));if(d){var r=d.getBoundingClientRect();
            o.push(d.id+(d.open?' open':' closed')+(r.top>=0&&r.top<innerHeight?', in view':', at y='+Math.round(r.top)))}
            var p=document.createElement('pre');p.id='measured';p.textContent=o.join('\\n');document.body.appendChild(p)})})});
            """;

    private static List<String> measured(String dom) {
        String marker = "<pre id=\"measured\">";
        assertThat(dom).contains(marker);
        return dom.substring(dom.indexOf(marker) + marker.length(), dom.indexOf("</pre>", dom.indexOf(marker))).lines().toList();
    }

    @Test
    @DisplayName("results.json of a large run: the summary fields, then every simulation in run order")
    void jsonInPieces(@TempDir Path dir) throws Exception {
        List<SimulationRecord> records = records();
        Path written = new ResultsJson().write(dir, run, RunAnalysis.of(run, records, BigDecimal.valueOf(0.95)), records,
                Instant.parse("2026-11-24T10:05:00Z"));
        JsonNode json = JsonMapper.builder().build().readTree(written.toFile());
        assertThat(json.propertyNames()).containsExactly("schema_version", "batch_id", "backend", "bot", "bot_under_test", "target", "replay",
                "environment", "configuration", "started", "finished", "duration_ms", "summary", "governance", "flow_coverage",
                "intent_coverage", "entity_coverage", "flow_transitions",
                "intent_confusion", "misconfigurations", "expected_misconfigurations", "intent_quality", "results");
        assertThat(json.path("summary").path("failed").asInt()).isEqualTo(RECORDS / 10);
        assertThat(json.path("results").size()).isEqualTo(RECORDS);
        for (int i = 0; i < RECORDS; i++) {
            JsonNode result = json.path("results").get(i);
            assertThat(result.path("test_id").asString()).isEqualTo("test_" + i);
            assertThat(result.path("actual").get(0).path("entities").path("order_id").asString()).isEqualTo("ORD_" + i);
        }
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("results.json");
        }
    }
}
