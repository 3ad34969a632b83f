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
import dev.botsim.cognigy.spi.Outcome;
import dev.botsim.cognigy.spi.RunInfo;
import dev.botsim.cognigy.spi.SimulationRecord;

/**
 * The "Not passed" list of index.html: on a large run the failures are spread over hundreds of files between closed passing
 * results, so the page lists them, one link each, before the results, with no script needed.
 */
class NotPassedListReportTest {

    private static final RunInfo RUN = RunInfo.builder().batchId("batch_np").started(Instant.EPOCH).backend("sandbox").build();

    private static SimulationRecord record(String testId, String name, String source, int line, Outcome outcome) {
        return SimulationRecord.builder().uniqueId("u_" + testId).testId(testId).displayName(name).source(source).line(line)
                .utterance("hi").expected(Expectation.builder().intent("greeting").build())
                .actual(List.of(TestTurns.turn(0, "Main", "greeting", 0.9, Map.of(), "Hello", null, null)))
                .message(outcome == Outcome.PASSED ? null : outcome == Outcome.FAILED ? "bot answer differs from the expectation for \""
                        + name + "\" in intent, next_flow\n- [intent]\n  expected: \"greeting\"\n   but was: \"check_order\"" : "did not pass")
                .outcome(outcome).build();
    }

    private static String page(Path dir, List<SimulationRecord> records) throws Exception {
        RunAnalysis analysis = RunAnalysis.of(RUN, records, new BigDecimal("0.95"));
        return Files.readString(new HtmlReport().write(dir, RUN, analysis, records, Instant.EPOCH));
    }

    private static String section(String page) {
        int start = page.indexOf("<section class=\"card\" id=\"section-not-passed\">");
        assertThat(start).as("the Not passed section").isPositive();
        return page.substring(start, page.indexOf("</section>", start) + "</section>".length());
    }

    /** Each link of the list: its fragment and its text. */
    private static List<String> links(String section) {
        List<String> links = new ArrayList<>();
        Matcher link = Pattern.compile("<a href=\"#([^\"]*)\"><bdi>([^<]*)</bdi></a>").matcher(section);
        while (link.find()) links.add(link.group(1) + " " + link.group(2));
        return links;
    }

    @Test
    @DisplayName("every result not passed, skipped ones aside, is a link to its result, by file in the results' order, before"
            + " the results; the links at the top lead to the list")
    void everyFailureLinkedBeforeTheResults(@TempDir Path dir) throws Exception {
        List<SimulationRecord> records = List.of(
                record("test_a1", "hi 1", "a.sim.yaml", 4, Outcome.PASSED),
                record("test_a2", "where is <my> order", "a.sim.yaml", 8, Outcome.FAILED),
                record("test_b1", "hello", "b.sim.yaml", 3, Outcome.PASSED),
                record("test_c1", "agent", "c.sim.yaml", 5, Outcome.TIMEOUT),
                record("test_c2", "later", "c.sim.yaml", 9, Outcome.SKIPPED),
                record("test_c3", "refund", "c.sim.yaml", 12, Outcome.MISCONFIGURATION),
                record("test_c4", "thanks", "c.sim.yaml", 20, Outcome.PASSED));

        String page = page(dir, records);
        String section = section(page);

        assertThat(links(section)).containsExactly("test_a2 where is &lt;my&gt; order", "test_c1 agent", "test_c3 refund");
        assertThat(section).contains("<h2>Not passed</h2><p class=\"muted\">3 of 7 results,",
                "<li><span class=\"source\">a.sim.yaml</span><ul><li><span class=\"chip failed\">FAILED</span> <a href=\"#test_a2\">",
                "<bdi>where is &lt;my&gt; order</bdi></a> <span class=\"muted\">test_a2 · line 8 · differs in intent, next_flow</span></li></ul></li>",
                "<span class=\"chip failed\">TIMEOUT</span> <a href=\"#test_c1\"><bdi>agent</bdi></a> <span class=\"muted\">test_c1 · line 5 · did not pass</span>")
                .doesNotContain("b.sim.yaml", "test_c2", "test_a1", "more, open among");
        // Before the results, and each link's target is on the page.
        assertThat(page.indexOf("id=\"section-not-passed\"")).isLessThan(page.indexOf("id=\"section-simulations\""));
        assertThat(page).contains("<details id=\"test_a2\"", "<details id=\"test_c1\"", "<details id=\"test_c3\"");
        assertThat(page).contains("the first not passed</a> (test_a2) · <a href=\"#section-not-passed\">all 3 not passed</a>");
    }

    @Test
    @DisplayName("the list comes first, right after the links at the top: a lead opening a failing run reads what failed"
            + " before the coverage, the intents and their quality, which on a large run fill screens, and without a script")
    void listFirst(@TempDir Path dir) throws Exception {
        String page = page(dir, List.of(record("test_a1", "hi", "a.sim.yaml", 4, Outcome.PASSED),
                record("test_a2", "where is my order", "a.sim.yaml", 8, Outcome.FAILED)));

        int list = page.indexOf("<section class=\"card\" id=\"section-not-passed\">");
        assertThat(page.substring(page.indexOf("</nav>", page.indexOf("<nav class=\"jumps\"")) + "</nav>".length()))
                .as("what follows the links at the top").startsWith("<section class=\"card\" id=\"section-not-passed\">");
        assertThat(list).isLessThan(page.indexOf("<h2>Flow coverage</h2>")).isLessThan(page.indexOf("<h2>Intent quality</h2>"))
                .isLessThan(page.indexOf("id=\"section-simulations\""));
    }

    @Test
    @DisplayName("a timeout, an error and a misconfiguration say why on their line, the first line of their message, at most"
            + " 120 characters of it: fifty errors of a run read as one outage or fifty faults without opening each")
    void whyOfOtherOutcomes(@TempDir Path dir) throws Exception {
        String longer = "POST /api/bot/simulate answered HTTP 503: " + "upstream unavailable ".repeat(10);
        String page = page(dir, List.of(
                record("test_t", "agent", "a.sim.yaml", 5, Outcome.TIMEOUT).toBuilder()
                        .message("simulation sim_1 did not complete within 30 s (cognigy.poll.timeout); last status: running").build(),
                record("test_e", "refund", "a.sim.yaml", 9, Outcome.ERROR).toBuilder().message(longer + "\nretried 4 times").build(),
                record("test_m", "<b>hi</b>", "a.sim.yaml", 12, Outcome.MISCONFIGURATION).toBuilder()
                        .message("flow_refund: FLOW_NOT_DEPLOYED <script>").build()));

        String section = section(page);
        assertThat(section).contains("<bdi>agent</bdi></a> <span class=\"muted\">test_t · line 5 · simulation sim_1 did not"
                        + " complete within 30 s (cognigy.poll.timeout); last status: running</span>",
                "<span class=\"muted\">test_e · line 9 · " + longer.substring(0, 120) + "… (" + longer.length() + " characters)</span>",
                "<span class=\"muted\">test_m · line 12 · flow_refund: FLOW_NOT_DEPLOYED &lt;script&gt;</span>")
                .doesNotContain("retried 4 times");
    }

    @Test
    @DisplayName("a problem test is linked by the anchor its result has, invalid-input-<n> in page order")
    void problemTestsByTheirAnchors(@TempDir Path dir) throws Exception {
        SimulationRecord problem = SimulationRecord.builder().uniqueId("[engine:cognigy]/[file:b.sim.yaml]/[invalid:1]")
                .testId("[engine:cognigy]/[file:b.sim.yaml]/[invalid:1]").displayName("invalid: b.sim.yaml:2:1: unknown field 'expekt'")
                .source("b.sim.yaml").line(2).invalidInput(true).message("b.sim.yaml:2:1: unknown field 'expekt'")
                .outcome(Outcome.FAILED).build();
        List<SimulationRecord> records = List.of(record("test_a1", "hi", "a.sim.yaml", 4, Outcome.FAILED), problem);

        String page = page(dir, records);

        assertThat(links(section(page))).containsExactly("test_a1 hi", "invalid-input-1 invalid: b.sim.yaml:2:1: unknown field &#39;expekt&#39;");
        assertThat(page).contains("<details id=\"invalid-input-1\"");
    }

    @Test
    @DisplayName("a run with every result passed has no list and no link to it")
    void noneWhenAllPassed(@TempDir Path dir) throws Exception {
        String page = page(dir, List.of(record("test_a1", "hi", "a.sim.yaml", 4, Outcome.PASSED),
                record("test_a2", "later", "a.sim.yaml", 6, Outcome.SKIPPED)));

        assertThat(page).doesNotContain("id=\"section-not-passed\"", "href=\"#section-not-passed\"", "Not passed");
    }

    @Test
    @DisplayName("at most 1,000 are listed, and the page says how many more are open among the results")
    void atMostAThousand(@TempDir Path dir) throws Exception {
        List<SimulationRecord> records = new ArrayList<>();
        for (int i = 0; i < HtmlReport.NOT_PASSED_LISTED + 5; i++) {
            records.add(record("test_%05d".formatted(i), "hi " + i, "f%02d.sim.yaml".formatted(i / 100), 1 + i % 100, Outcome.FAILED));
        }

        String section = section(page(dir, records));

        List<String> links = links(section);
        assertThat(links).hasSize(HtmlReport.NOT_PASSED_LISTED).startsWith("test_00000 hi 0").endsWith("test_00999 hi 999");
        assertThat(section).contains("1005 of 1005 results", "<p class=\"muted\">and 5 more, open among the results below");
    }
}
