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

import dev.botsim.cognigy.annotations.BotTurn;
import dev.botsim.cognigy.engine.TestTurns;
import dev.botsim.cognigy.engine.analysis.RunAnalysis;
import dev.botsim.cognigy.spi.BotUnderTest;
import dev.botsim.cognigy.spi.Expectation;
import dev.botsim.cognigy.spi.IntentMargin;
import dev.botsim.cognigy.spi.Outcome;
import dev.botsim.cognigy.spi.RunInfo;
import dev.botsim.cognigy.spi.SimulationRecord;

/**
 * index.html as a screen reader reads a bot in several languages: each utterance and answer in the language of its test's
 * locale, or the bot's, so it is read in that language's voice (WCAG 3.1.2, language of parts); the page's own words in
 * English. Checked on the language headless Chromium gives each text ({@code lang} of its nearest element that has one).
 */
class LanguageOfPartsReportTest {

    private static final RunInfo RUN = RunInfo.builder().batchId("batch_lang").started(Instant.EPOCH).backend("endpoint")
            .botName("order-bot").bot(RunInfo.BotFacts.builder().underTest(BotUnderTest.builder().projectName("Orders")
                    .locale("fr-FR").build()).build()).build();

    private static SimulationRecord.Builder record(String id, String locale, String said, String answer, String intent) {
        return SimulationRecord.builder().uniqueId("u_" + id).testId(id).displayName(said).source("a.sim.yaml").line(id.length())
                .locale(locale).utterance(said).expected(Expectation.builder().intent("check_order").build())
                .actual(List.of(TestTurns.turn(0, "Main", intent, 0.6, Map.of(), answer, null, null)))
                .outcome("check_order".equals(intent) ? Outcome.PASSED : Outcome.FAILED)
                .intentMargin(new IntentMargin(intent, 0.6, "goodbye", 0.55));
    }

    @Test
    @DisplayName("an utterance and the bot's answer are in their test's locale (de-de read as de-DE) or, where the test names"
            + " none, the bot's; English ones and the page's labels in the page's English")
    void utterancesAndAnswersInTheirLanguage(@TempDir Path dir) throws Exception {
        HeadlessChromium.assumeInstalled();
        List<SimulationRecord> records = List.of(
                record("test_de", "de-de", "Wo ist meine Bestellung", "Ihre Bestellung ist unterwegs", "greeting")
                        .message("a.sim.yaml:7 test_de: bot answer differs").build(),
                record("test_en", "en-US", "Where is my order", "Your order is on its way", "check_order").build(),
                record("test_fr", null, "Où est ma commande", "Votre commande est en route", "check_order").build());
        RunAnalysis analysis = RunAnalysis.of(RUN, records, new BigDecimal("0.95"), 0.1);
        Path page = new HtmlReport().write(dir, RUN, analysis, records, Instant.EPOCH);
        Path checked = dir.resolve("checked.html");
        Files.writeString(checked, HeadlessChromium.withoutPolicy(Files.readString(page)).replace("</body>", "<script>" + CHECK + "</script></body>"));

        String dom = HeadlessChromium.dom(checked.toUri().toString());

        String marker = "<pre id=\"lang-check\">";
        int at = dom.indexOf(marker);
        assertThat(at).as("the check's result").isNotNegative();
        assertThat(dom.substring(at + marker.length(), dom.indexOf("</pre>", at)).strip().lines().toList()).containsExactly(
                // The Not passed list's link, the result's name, the user's line of Actual and the fragile utterances' table;
                // the bot's answer under Actual.
                "Wo ist meine Bestellung in de-DE, de-DE, de-DE, de-DE",
                "Ihre Bestellung ist unterwegs in de-DE",
                // A passed result's name, its transcript's user line and bot line, and the fragile utterances' table.
                "Où est ma commande in fr-FR, fr-FR, fr-FR",
                "Votre commande est en route in fr-FR",
                "Where is my order in en, en, en",
                "Your order is on its way in en",
                "response: in en", "intent: greeting in en", "Transcript in en, en", "Simulations in en");
    }

    /**
     * For each text, the language of every text node that holds it (its nearest element with a {@code lang}), in page order;
     * a label the language of the text node it starts.
     */
    private static final String CHECK = """
            (function(){var texts=['Wo ist meine Bestellung','Ihre Bestellung ist unterwegs','Où est ma commande','Votre commande est en route',
            'Where is my order','Your order is on its way','response:','intent: greeting','Transcript','Simulations'];var out=[];
            texts.forEach(function(t){var langs=[];var walk=document.createTreeWalker(document.body,NodeFilter.SHOW_TEXT);var n;
            while((n=walk.nextNode())){if(n.data.indexOf(t)<0||n.parentElement.closest('script'))continue;
            langs.push(n.parentElement.closest('[lang]').getAttribute('lang'))}out.push(t+' in '+langs.join(', '))});
            var pre=document.createElement('pre');pre.id='lang-check';pre.textContent=out.join('\\n');document.body.appendChild(pre)})();
            """;
}
