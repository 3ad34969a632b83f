package dev.botsim.cognigy.engine.reporting;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
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
import dev.botsim.cognigy.spi.Outcome;
import dev.botsim.cognigy.spi.Repetitions;
import dev.botsim.cognigy.spi.RunInfo;
import dev.botsim.cognigy.spi.SimulationRecord;

/**
 * Links to a result whose test id is free text: a playbook step's is its playbook's name and what the step says, which
 * may hold a per cent sign, spaces, quotes, a line break or any alphabet. Each link opens its result.
 */
class ResultAnchorsReportTest {

    private static final RunInfo RUN = RunInfo.builder().batchId("batch_anchors").started(Instant.EPOCH).backend("playbooks")
            .botName("order-bot").build();

    private static final List<String> IDS = List.of(
            "playbook Discount \"50% off\" > step 1: I want 100%",
            "playbook Café %41 <b>#1</b> & ü > step 1: contact",
            "playbook Orders > step 2: line one\nline two\ttab",
            "test_conv#2");

    private static Path page(Path dir) throws Exception {
        List<SimulationRecord> records = new ArrayList<>();
        for (String id : IDS) {
            // Passed, so closed on the page: only following its link opens it. Repeated, so the stability table links it.
            records.add(SimulationRecord.builder().uniqueId("u_" + records.size()).testId(id).source("playbook Orders")
                    .utterance("contact").expected(Expectation.builder().intent("contact").build())
                    .actual(List.of(TestTurns.turn(0, "Main", "contact", 0.9, Map.of(), "Call us", null, null)))
                    .outcome(Outcome.PASSED)
                    .repetitions(new Repetitions(2, 2, 1.0, Map.of("contact", 2), Map.of("Call us", 2), Map.of("Main", 2))).build());
        }
        RunAnalysis analysis = RunAnalysis.of(RUN, records, new BigDecimal("0.95"));
        return new HtmlReport().write(dir, RUN, analysis, records, Instant.EPOCH);
    }

    /** Each link to a result, by its text (the test id, escaped) to its fragment, as the page writes them. */
    private static Map<String, String> links(String html) {
        Map<String, String> hrefs = new LinkedHashMap<>();
        Matcher link = Pattern.compile("<a href=\"(#[^\"]*)\">([^<]*)</a>").matcher(html);
        while (link.find()) if (!link.group(1).startsWith("#section-")) hrefs.put(link.group(2), link.group(1));
        return hrefs;
    }

    @Test
    @DisplayName("a link's fragment carries the test id with what a URL changes or drops (%, spaces, quotes, <, >, line"
            + " breaks, letters beyond ASCII) percent-encoded as UTF-8, so that the page's script decodes it back")
    void fragmentsAreEncoded(@TempDir Path dir) throws Exception {
        String html = Files.readString(page(dir), StandardCharsets.UTF_8);

        assertThat(links(html)).containsOnly(
                Map.entry(HtmlReport.esc(IDS.get(0)), "#playbook%20Discount%20%2250%25%20off%22%20%3E%20step%201:%20I%20want%20100%25"),
                Map.entry(HtmlReport.esc(IDS.get(1)), "#playbook%20Caf%C3%A9%20%2541%20%3Cb%3E#1%3C/b%3E%20&amp;%20%C3%BC%20%3E%20step%201:%20contact"),
                Map.entry(HtmlReport.esc(IDS.get(2)), "#playbook%20Orders%20%3E%20step%202:%20line%20one%0Aline%20two%09tab"),
                Map.entry("test_conv#2", "#test_conv#2"));
        // The id itself is the test id, escaped as every attribute is.
        assertThat(html).contains("<details id=\"playbook Discount &quot;50% off&quot; &gt; step 1: I want 100%\" class=\"result passed\"",
                "<details id=\"test_conv#2\" class=\"result passed\"");
        // The link's text is the test id as it is.
        assertThat(html).contains(">playbook Café %41 &lt;b&gt;#1&lt;/b&gt; &amp; ü &gt; step 1: contact</a>");
    }

    @Test
    @DisplayName("in headless Chromium, following each link of the stability table opens the result it names")
    void linksOpenTheirResults(@TempDir Path dir) throws Exception {
        HeadlessChromium.assumeInstalled();
        Path page = page(dir);
        Map<String, String> links = links(Files.readString(page, StandardCharsets.UTF_8));
        assertThat(links).hasSize(IDS.size());

        for (String id : IDS) {
            String link = links.get(HtmlReport.esc(id));
            String dom = HeadlessChromium.dom(page.toUri() + unescaped(link));
            String opened = Pattern.compile("<details [^>]*open=\"\"[^>]*>").matcher(dom).results().map(m -> m.group()).findFirst()
                    .orElse("(none)");
            assertThat(opened).as("the result opened by %s", link).contains("id=\"" + HtmlReport.esc(id) + "\"");
        }
    }

    @Test
    @DisplayName("in headless Chromium, the page's own script runs and a script or handler that slipped into it does not:"
            + " its Content-Security-Policy allows only the page's script, by its hash")
    void injectedScriptRefused(@TempDir Path dir) throws Exception {
        HeadlessChromium.assumeInstalled();
        Path page = page(dir);
        String html = Files.readString(page, StandardCharsets.UTF_8);
        // What an escaping mistake would let through: an inline script, an event handler, a script from elsewhere.
        String slipped = "<script>document.body.setAttribute('data-injected','script')</script>"
                + "<img src=\"x:\" onerror=\"document.body.setAttribute('data-injected','handler')\">"
                + "<script src=\"data:text/javascript,document.body.setAttribute('data-injected','src')\"></script>";
        Files.writeString(page, html.replace("<body>", "<body>" + slipped), StandardCharsets.UTF_8);

        String link = links(html).get(HtmlReport.esc(IDS.get(0)));
        String dom = HeadlessChromium.dom(page.toUri() + unescaped(link));
        assertThat(Pattern.compile("<body[^>]*>").matcher(dom).results().map(m -> m.group()).findFirst())
                .as("what the slipped-in code would have marked the body with").hasValue("<body>");
        assertThat(Pattern.compile("<details [^>]*open=\"\"[^>]*>").matcher(dom).find())
                .as("the page's own script ran: it opened the result the link names").isTrue();
    }

    /** An attribute's value as the browser reads it. */
    private static String unescaped(String attribute) {
        return attribute.replace("&quot;", "\"").replace("&#39;", "'").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
    }
}
