package dev.botsim.cognigy.engine.reporting;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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

/** index.html as a keyboard, a screen reader and weak eyes meet it: names of controls and tables, the count, contrast. */
class AccessibleReportTest {

    private static final RunInfo RUN = RunInfo.builder().batchId("batch_a11y").started(Instant.EPOCH).backend("nlu")
            .botName("order-bot").expectedFlows(List.of("Main", "Refund")).build();

    private static SimulationRecord.Builder record(String id, String got) {
        return SimulationRecord.builder().uniqueId("u_" + id).testId(id).source("a.sim.yaml").line(id.length()).utterance("hi " + id)
                .tags(java.util.Set.of("smoke")).expected(Expectation.builder().intent("greeting").build())
                .actual(List.of(TestTurns.turn(0, "Main", got, 0.9, Map.of(), "Hello", null, null)))
                .outcome("greeting".equals(got) ? Outcome.PASSED : Outcome.FAILED)
                .intentMargin(new IntentMargin(got, 0.9, "goodbye", 0.85));
    }

    private static String page(Path dir) throws Exception {
        List<SimulationRecord> records = List.of(
                record("test_failed", "goodbye").message("a.sim.yaml:11 test_failed: bot answer differs\n- [intent]").build(),
                record("test_passed", "greeting").build(),
                record("test_repeated", "greeting")
                        .repetitions(new Repetitions(2, 2, 1.0, Map.of("greeting", 2), Map.of("Hello", 2), Map.of("Main", 2))).build());
        RunAnalysis analysis = RunAnalysis.of(RUN, records, new BigDecimal("0.95"));
        return Files.readString(new HtmlReport().write(dir, RUN, analysis, records, Instant.EPOCH));
    }

    @Test
    @DisplayName("the page's title names the run and its verdict with its figures, as a screen reader says it on opening the page"
            + " and a list of tabs shows it; a part of a split run's says its verdict is deferred to the merge")
    void titleNamesTheVerdict(@TempDir Path dir) throws Exception {
        assertThat(title(page(dir))).isEqualTo("cognigy-junit order-bot batch_a11y: REVIEW_REQUIRED, 2 of 3 passed");

        List<SimulationRecord> passed = List.of(record("test_passed", "greeting").build());
        RunInfo part = RUN.toBuilder().part("run 4711, shard 1/2").build();
        RunAnalysis deferred = RunAnalysis.of(part, passed, new BigDecimal("0.95")).deferred("run 4711, shard 1/2");
        assertThat(title(Files.readString(new HtmlReport().write(dir.resolve("part"), part, deferred, passed, Instant.EPOCH))))
                .isEqualTo("cognigy-junit order-bot batch_a11y: DEFERRED to merge, 1 of 1 passed in this part");
    }

    /** The text of the page's one {@code <title>}, in its {@code <head>}. */
    private static String title(String page) {
        String head = page.substring(0, page.indexOf("</head>"));
        assertThat(head.split("<title>", -1)).hasSize(2);
        return head.substring(head.indexOf("<title>") + 7, head.indexOf("</title>"));
    }

    @Test
    @DisplayName("every filter has a name: each checkbox and the select in a label, the outcome checkboxes a group named"
            + " 'outcome'")
    void filtersHaveNames(@TempDir Path dir) throws Exception {
        String page = page(dir);

        Matcher control = Pattern.compile("<(input|select)\\b[^>]*>").matcher(page);
        int controls = 0;
        while (control.find()) {
            controls++;
            String before = page.substring(0, control.start());
            assertThat(before.lastIndexOf("<label")).as(control.group()).isGreaterThan(before.lastIndexOf("</label>"));
        }
        assertThat(controls).isEqualTo(Outcome.values().length + 1);
        String group = page.substring(page.indexOf("<span class=\"outcomes\" role=\"group\" aria-label=\"outcome\">"));
        assertThat(group.substring(0, group.indexOf("</span>", group.indexOf("</label> <label><input type=\"checkbox\" class=\"outcome\" value=\"SKIPPED\""))))
                .contains("value=\"PASSED\"", "value=\"FAILED\"", "value=\"SKIPPED\"");
    }

    @Test
    @DisplayName("where scripts are blocked the filters, which would filter nothing, are not shown, and every result is there,"
            + " failures open; where the page's script runs, they are")
    void filtersOnlyWithTheirScript(@TempDir Path dir) throws Exception {
        HeadlessChromium.assumeInstalled();
        String page = HeadlessChromium.withoutPolicy(page(dir));
        String withoutScript = page.substring(0, page.lastIndexOf("<script>")) + page.substring(page.lastIndexOf("</script>") + 9);
        assertThat(withoutScript).doesNotContain("<script");

        assertThat(seen(dir, "blocked.html", withoutScript)).containsExactly("filters not shown", "3 results, 1 open");
        assertThat(seen(dir, "running.html", page)).containsExactly("filters shown, 3 shown", "3 results, 1 open");
    }

    /** What {@link #SEEN} finds on {@code page} in headless Chromium, after the page's own script, if it has one, ran. */
    private static List<String> seen(Path dir, String name, String page) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, page.replace("</body>", "<script>" + SEEN + "</script></body>"));
        String dom = HeadlessChromium.dom(file.toUri().toString());
        List<String> seen = new ArrayList<>();
        for (String marker : List.of("<pre id=\"badges-check\">", "<pre id=\"a11y-check\">")) {
            int at = dom.indexOf(marker);
            if (at >= 0) seen.addAll(dom.substring(at + marker.length(), dom.indexOf("</pre>", at)).strip().lines().toList());
        }
        assertThat(seen).as("the check's result").isNotEmpty();
        return seen;
    }

    /** Whether the filters take room on the page (and the count they show), and how many results there are, how many open. */
    private static final String SEEN = """
            (function(){var f=document.querySelector('.filters');var out=[f.getClientRects().length
            ?'filters shown, '+document.getElementById('shown').textContent:'filters not shown'];
            out.push(document.querySelectorAll('details.result').length+' results, '+document.querySelectorAll('details.result[open]').length+' open');
            var pre=document.createElement('pre');pre.id='a11y-check';pre.textContent=out.join('\\n');document.body.appendChild(pre)})();
            """;

    @Test
    @DisplayName("what each badge means, which its title shows to a mouse held over it, the open result says in words, for a"
            + " keyboard, a screen reader and a touch screen")
    void badgesExplainedInWords(@TempDir Path dir) throws Exception {
        HeadlessChromium.assumeInstalled();
        List<SimulationRecord> records = List.of(
                record("test_replayed", "greeting").replayed(true).build(),
                record("test_partly", "goodbye").replayedAnswers(1).message("bot answer differs").build(),
                record("test_rerun", "greeting").rerun(true).approval(SimulationRecord.Approval.NEWLY_APPROVED).build(),
                record("test_changed", "greeting").approval(SimulationRecord.Approval.ACCEPTED).build(),
                record("test_flaky", "greeting")
                        .repetitions(new Repetitions(2, 1, 0.5, Map.of("greeting", 1, "goodbye", 1), Map.of("Hello", 2), Map.of("Main", 2))).build());
        RunAnalysis analysis = RunAnalysis.of(RUN, records, new BigDecimal("0.95"));
        String page = HeadlessChromium.withoutPolicy(Files.readString(new HtmlReport().write(dir, RUN, analysis, records, Instant.EPOCH)));

        assertThat(seen(dir, "badges.html", page.replace("</body>", "<script>" + BADGES + "</script></body>"))).containsExactly(
                "partly replayed: said", "flaky 1 of 2: said", "rerun: said", "newly approved: said", "approval changed: said",
                "replayed: said", "filters shown, 5 shown", "5 results, 5 open");
    }

    /**
     * Opens every result, then for each element with a title in a result's summary says whether the result, outside its
     * summary, shows that title's text where it is seen (an element laid out on the page), in a {@code pre#badges-check}.
     */
    private static final String BADGES = """
            (function(){var out=[];[].forEach.call(document.querySelectorAll('details.result'),function(d){d.open=true});
            [].forEach.call(document.querySelectorAll('details.result > summary [title]'),function(e){var d=e.closest('details');
            var said=[].some.call(d.querySelectorAll(':scope > :not(summary)'),function(x){return x.getClientRects().length
            &&x.textContent.indexOf(e.textContent+': '+e.title)>=0});out.push(e.textContent+': '+(said?'said':'only on hover'))});
            var pre=document.createElement('pre');pre.id='badges-check';pre.textContent=out.join('\\n');document.body.appendChild(pre)})();
            """;

    @Test
    @DisplayName("the count of results shown after filtering is a polite live region: a screen reader hears it change")
    void countIsAnnounced(@TempDir Path dir) throws Exception {
        assertThat(page(dir)).contains("<span id=\"shown\" role=\"status\" aria-live=\"polite\"></span>");
    }

    @Test
    @DisplayName("a weak figure marked red in the intent-quality table is also told in words: colour is not its only sign")
    void weakFiguresExplained(@TempDir Path dir) throws Exception {
        String page = page(dir);
        assertThat(page).contains("<td class=\"bad\">");
        assertThat(page).contains("a figure below 0.80 is marked red");
    }

    @Test
    @DisplayName("every data table has a name in a screen reader's list of tables; the coverage bars are a named list")
    void tablesAndBarsHaveNames(@TempDir Path dir) throws Exception {
        String page = page(dir);

        List<String> tables = new ArrayList<>();
        Matcher table = Pattern.compile("<table\\b[^>]*>").matcher(page);
        while (table.find()) tables.add(table.group());
        assertThat(tables).hasSize(5).allMatch(t -> t.matches("<table class=\"[a-z ]+\" aria-label=\"[^\"]+\">"));
        assertThat(page).contains("<table class=\"matrix\" aria-label=\"intents: expected (rows) against recognised (columns)\">",
                "<div id=\"coverage\" class=\"bars\" role=\"list\" aria-label=\"hits per expected flow\" style=\"--name:8ch\"><div class=\"bar\" role=\"listitem\">"
                        + "<span class=\"name\">Main</span>",
                "<div class=\"bar miss\" role=\"listitem\"><span class=\"name\">Refund</span>");
        // A name on an element without a role is ignored by screen readers.
        Matcher named = Pattern.compile("<(div|span)\\b[^>]*aria-label=[^>]*>").matcher(page);
        while (named.find()) assertThat(named.group()).contains(" role=\"");
    }

    @Test
    @DisplayName("every text colour of the page against the background it is drawn on has a contrast of at least 4.5:1,"
            + " and no focus outline is taken away")
    void contrast(@TempDir Path dir) throws Exception {
        String page = page(dir);
        String css = page.substring(page.indexOf("<style>") + 7, page.indexOf("</style>"));

        Map<String, String> colour = new LinkedHashMap<>();
        Map<String, String> background = new LinkedHashMap<>();
        // The screen's rules: those for narrow screens change no colour, and print is on white paper.
        Matcher rule = Pattern.compile("([^{}]+)\\{([^{}]*)}").matcher(css.replaceAll("@media[^{]*\\{(?:[^{}]*\\{[^{}]*})*[^{}]*}", ""));
        while (rule.find()) {
            for (String selector : rule.group(1).trim().split(",")) {
                Matcher c = Pattern.compile("(?:^|;)color:(#[0-9a-f]{3,6})").matcher(rule.group(2));
                if (c.find()) colour.put(selector, c.group(1));
                Matcher b = Pattern.compile("background:(#[0-9a-f]{3,6})").matcher(rule.group(2));
                if (b.find()) background.put(selector, b.group(1));
            }
        }
        String text = colour.get("body");
        String pageBackground = background.get("body");
        assertThat(text).isEqualTo("#1d2330");
        assertThat(pageBackground).isEqualTo("#f4f6f9");
        Map<String, Double> ratios = new LinkedHashMap<>();
        // Text set in its own colour: on the page (header) or a white card, or on its own background where it has one.
        colour.forEach((selector, fg) -> {
            if (background.containsKey(selector)) {
                ratios.put(selector + " on its background", contrast(fg, background.get(selector)));
            } else {
                ratios.put(selector + " on the page", contrast(fg, pageBackground));
                ratios.put(selector + " on a card", contrast(fg, "#fff"));
            }
        });
        // Backgrounds under text of another rule's colour: the badges (white text) and the coloured cells (the page's).
        background.forEach((selector, bg) -> {
            if (colour.containsKey(selector) || selector.equals("body") || !selector.matches(".*(chip|td|pre).*")) return;
            String fg = selector.startsWith(".chip") ? colour.get(".chip") : text;
            ratios.put(selector + " under " + fg, contrast(fg, bg));
        });
        assertThat(ratios).containsKeys(".muted on a card", "header p on the page", "header h1 .bot on the page", ".chip.passed under #fff",
                ".chip.failed under #fff", ".matrix td.bad under #1d2330", ".bar.miss .value on a card");
        assertThat(ratios).allSatisfy((pair, ratio) -> assertThat(ratio).as(pair).isGreaterThanOrEqualTo(4.5));
        assertThat(css.replace(" ", "")).doesNotContain("outline:none", "outline:0");
    }

    @Test
    @DisplayName("the tiles' coloured edges (passed, failed, rate) and the coverage bars stand out from the white card and"
            + " the bar's track by 3:1 at least (WCAG 1.4.11, non-text contrast)")
    void graphicsContrast(@TempDir Path dir) throws Exception {
        String page = page(dir);
        String css = page.substring(page.indexOf("<style>") + 7, page.indexOf("</style>"));

        Map<String, Double> ratios = new LinkedHashMap<>();
        Matcher edge = Pattern.compile("(\\.tile(?:\\.[a-z]+)?)\\{[^}]*border(?:-left:5px solid |-color:)(#[0-9a-f]{3,6})").matcher(css);
        while (edge.find()) ratios.put(edge.group(1) + " edge on a card", contrast(edge.group(2), "#fff"));
        Matcher fill = Pattern.compile("\\.bar \\.fill\\{[^}]*background:(#[0-9a-f]{3,6})").matcher(css);
        Matcher track = Pattern.compile("\\.bar \\.track\\{[^}]*background:(#[0-9a-f]{3,6})").matcher(css);
        assertThat(fill.find() && track.find()).isTrue();
        ratios.put(".bar .fill on its track", contrast(fill.group(1), track.group(1)));
        ratios.put(".bar .fill on a card", contrast(fill.group(1), "#fff"));

        assertThat(ratios).containsKeys(".tile edge on a card", ".tile.passed edge on a card", ".tile.failed edge on a card",
                ".tile.rate edge on a card");
        assertThat(ratios).allSatisfy((part, ratio) -> assertThat(ratio).as(part).isGreaterThanOrEqualTo(3.0));
    }

    /** WCAG 2's contrast ratio of two sRGB colours, from their relative luminance. */
    static double contrast(String a, String b) {
        double la = luminance(a);
        double lb = luminance(b);
        return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
    }

    private static double luminance(String hex) {
        String h = hex.substring(1);
        if (h.length() == 3) h = "" + h.charAt(0) + h.charAt(0) + h.charAt(1) + h.charAt(1) + h.charAt(2) + h.charAt(2);
        double[] rgb = new double[3];
        for (int i = 0; i < 3; i++) {
            double c = Integer.parseInt(h.substring(2 * i, 2 * i + 2), 16) / 255.0;
            rgb[i] = c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
        }
        return 0.2126 * rgb[0] + 0.7152 * rgb[1] + 0.0722 * rgb[2];
    }

    @Test
    @DisplayName("the contrast helper: black on white is 21:1, a colour on itself 1:1, the page's grey on white 5.96:1")
    void contrastHelper() {
        assertThat(contrast("#000", "#fff")).isCloseTo(21.0, org.assertj.core.data.Offset.offset(0.001));
        assertThat(contrast("#5b6475", "#5b6475")).isEqualTo(1.0);
        assertThat(contrast("#5b6475", "#fff")).isCloseTo(5.96, org.assertj.core.data.Offset.offset(0.01));
    }
}
