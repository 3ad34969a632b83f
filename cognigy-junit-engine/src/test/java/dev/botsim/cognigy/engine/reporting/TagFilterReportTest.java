package dev.botsim.cognigy.engine.reporting;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.botsim.cognigy.engine.analysis.RunAnalysis;
import dev.botsim.cognigy.spi.Outcome;
import dev.botsim.cognigy.spi.RunInfo;
import dev.botsim.cognigy.spi.SimulationRecord;

/** index.html's tag filter with tags holding spaces: each tag is one tag, whatever characters it holds. */
class TagFilterReportTest {

    private static final RunInfo RUN = RunInfo.builder().batchId("batch_tags").started(Instant.EPOCH).backend("endpoint").build();

    /** A result tagged "needs review", one tagged "needs" and "review", one "needs  review" (two spaces), one untagged. */
    private static Path page(Path dir) throws Exception {
        List<SimulationRecord> records = new ArrayList<>();
        records.add(result("test_phrase", Set.of("needs review")));
        records.add(result("test_words", Set.of("needs", "review")));
        records.add(result("test_spaced", Set.of("needs  review")));
        records.add(result("test_untagged", Set.of()));
        return new HtmlReport().write(dir, RUN, RunAnalysis.of(RUN, records, new BigDecimal("0.95")), records, Instant.EPOCH);
    }

    private static SimulationRecord result(String id, Set<String> tags) {
        return SimulationRecord.builder().uniqueId("u_" + id).testId(id).displayName(id).source("orders.sim.yaml").line(1)
                .utterance("hi").tags(new TreeSet<>(tags)).outcome(Outcome.PASSED).build();
    }

    @Test
    @DisplayName("a result's tags are a JSON array in data-tags and each option's value is its tag as written, spaces kept")
    void tagsAsWritten(@TempDir Path dir) throws Exception {
        String html = Files.readString(page(dir), StandardCharsets.UTF_8);

        assertThat(html).contains("<details id=\"test_phrase\" ", "data-tags=\"[&quot;needs review&quot;]\"",
                "data-tags=\"[&quot;needs&quot;,&quot;review&quot;]\"", "data-tags=\"[&quot;needs  review&quot;]\"",
                "data-tags=\"[]\"", "<option value=\"needs review\">needs review</option>",
                "<option value=\"needs  review\">needs  review</option>");
    }

    @Test
    @DisplayName("a tag holding a quote, a backslash, a control character or an emoji reads back from data-tags as written")
    void everyCharacterReadsBack() {
        Set<String> tags = Set.of("say \"hi\"", "C:\\bots", "tab\there", "line\nbreak", "emoji \uD83D\uDE00", "ü");

        String list = HtmlReport.tagList(result("test_odd", tags));

        assertThat(tools.jackson.databind.json.JsonMapper.builder().build().readValue(list, String[].class))
                .containsExactlyElementsOf(new TreeSet<>(tags));
    }

    @Test
    @DisplayName("in headless Chromium, the tag 'needs review' shows only its result, not one tagged 'needs' and 'review';"
            + " and 'needs' shows only that one")
    void filterInTheBrowser(@TempDir Path dir) throws Exception {
        HeadlessChromium.assumeInstalled();
        Path page = page(dir);
        String html = Files.readString(page, StandardCharsets.UTF_8);

        assertThat(shown(page, html, "needs review")).containsExactly("test_phrase");
        assertThat(shown(page, html, "needs")).containsExactly("test_words");
        assertThat(shown(page, html, "needs  review")).containsExactly("test_spaced");
    }

    /**
     * The results the page shows with {@code tag} chosen: the option is marked selected in the file, so the page's own
     * script filters by it on load (its Content-Security-Policy lets no other script run).
     */
    private static List<String> shown(Path page, String html, String tag) throws Exception {
        Matcher option = Pattern.compile("<option([^>]*)>" + Pattern.quote(tag) + "</option>").matcher(html);
        assertThat(option.find()).as("the option of %s", tag).isTrue();
        Path chosen = page.resolveSibling("chosen.html");
        Files.writeString(chosen, html.replace(option.group(), "<option" + option.group(1) + " selected>" + tag + "</option>"),
                StandardCharsets.UTF_8);
        String dom = HeadlessChromium.dom(chosen.toUri().toString());
        List<String> shown = new ArrayList<>();
        Matcher result = Pattern.compile("<details id=\"([^\"]*)\" class=\"result[^>]*>").matcher(dom);
        while (result.find()) {
            if (!result.group().contains("display: none")) shown.add(result.group(1));
        }
        assertThat(dom).as("the page's script ran and counted what it shows").contains(shown.size() + " shown");
        return shown;
    }
}
