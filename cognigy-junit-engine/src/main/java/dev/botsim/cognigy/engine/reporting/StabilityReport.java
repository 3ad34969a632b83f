package dev.botsim.cognigy.engine.reporting;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import dev.botsim.cognigy.engine.analysis.StabilityAnalysis;
import dev.botsim.cognigy.engine.stability.StabilityText;
import dev.botsim.cognigy.engine.support.Percent;
import dev.botsim.cognigy.spi.Repetitions;
import dev.botsim.cognigy.spi.Stability;

/**
 * The stability section of the reports: in {@code results.json}, on {@code index.html} and as one console line. Left
 * out wherever no test ran more than once.
 */
final class StabilityReport {

    /** At most this many repeated tests on the page; results.json lists them all. */
    static final int SHOWN = 100;

    private StabilityReport() {
    }

    /** The {@code stability} object of results.json (docs/reports.md). */
    static Map<String, Object> json(StabilityAnalysis s) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("counts", counts(s.counts()));
        out.put("intents", intents(s.intents()));
        List<Map<String, Object>> tests = new ArrayList<>();
        for (StabilityAnalysis.RepeatedTest t : s.tests()) {
            Map<String, Object> test = new LinkedHashMap<>();
            test.put("test_id", t.testId());
            test.put("source", t.source());
            test.put("line", t.line());
            test.put("utterance", t.utterance());
            test.put("outcome", t.outcome().name());
            test.putAll(repetitions(t.repetitions()));
            tests.add(test);
        }
        out.put("tests", tests);
        return out;
    }

    /** The {@code intents} of the stability object: per intent, how steadily the runs of the tests expecting it recognised it. */
    static Map<String, Object> intents(Map<String, StabilityAnalysis.IntentStability> rates) {
        Map<String, Object> intents = new LinkedHashMap<>();
        rates.forEach((intent, f) -> {
            Map<String, Object> figures = new LinkedHashMap<>();
            figures.put("tests", f.tests());
            figures.put("runs", f.runs());
            figures.put("recognised", f.recognised());
            figures.put("rate", f.rate());
            figures.put("unanswered", f.unanswered());
            intents.put(intent, figures);
        });
        return intents;
    }

    /** {@code {"stable": n, "flaky": n, "broken": n}}, as results.json, the audit record and the webhook carry them. */
    static Map<String, Long> counts(Map<Stability, Long> counts) {
        Map<String, Long> out = new LinkedHashMap<>();
        for (Stability s : Stability.values()) out.put(s.name().toLowerCase(Locale.ROOT), counts.getOrDefault(s, 0L));
        return out;
    }

    /** A repeated test's figures: in its result and in the stability section alike. */
    static Map<String, Object> repetitions(Repetitions r) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("stability", r.stability().name());
        out.put("runs", r.runs());
        out.put("passed", r.passed());
        out.put("required_ratio", r.requiredRatio());
        out.put("intents", r.intents());
        out.put("flows", r.flows());
        out.put("texts", r.texts());
        out.put("unanswered", r.unanswered());
        out.put("skipped", r.skipped());
        return out;
    }

    /** {@code [cognigy] stability: 2 flaky, 0 broken, 5 stable of 7 repeated tests; flakiest test_x 14 of 20 runs}. */
    static Optional<String> consoleLine(StabilityAnalysis s) {
        if (!s.any()) return Optional.empty();
        Map<Stability, Long> c = s.counts();
        String line = "[cognigy] stability: " + c.get(Stability.FLAKY) + " flaky, " + c.get(Stability.BROKEN) + " broken, "
                + c.get(Stability.STABLE) + " stable of " + s.tests().size() + " repeated tests";
        StabilityAnalysis.RepeatedTest first = s.tests().get(0);
        if (first.stability() == Stability.FLAKY) {
            line += "; flakiest " + first.testId() + " " + first.repetitions().passed() + " of " + first.repetitions().runs()
                    + " runs passed, intents " + StabilityText.distribution(first.repetitions().intents());
        }
        return Optional.of(line);
    }

    /**
     * The page's section: counts, per-intent rates, then the repeated tests, flaky first, every value escaped; the
     * per-intent rates given per locale when the run's NLU tests span more than one
     * ({@code byLocale} not empty): {@code check_order} in de-DE and in fr-FR are two models' intents.
     */
    static void html(StringBuilder html, StabilityAnalysis s, Map<String, dev.botsim.cognigy.engine.analysis.LocaleNlu> byLocale) {
        if (!s.any()) return;
        Map<Stability, Long> c = s.counts();
        // The whole width: its table has three columns of distributions, unreadable in half of it.
        html.append("<section class=\"row wide\" id=\"section-stability\"><div class=\"card\"><h2>Stability under repetition</h2><p>")
                .append(c.get(Stability.FLAKY)).append(" flaky, ").append(c.get(Stability.BROKEN)).append(" broken, ")
                .append(c.get(Stability.STABLE)).append(" stable of ").append(s.tests().size()).append(" repeated tests</p>");
        if (byLocale.isEmpty()) {
            intentRates(html, s.intents());
        } else {
            byLocale.forEach((locale, nlu) -> {
                if (nlu.stability().isEmpty()) return;
                html.append("<h3>").append(HtmlReport.esc(locale)).append("</h3>");
                intentRates(html, nlu.stability());
            });
        }
        html.append("<div class=\"scroll\"><table class=\"figures stability\" aria-label=\"repeated tests\">")
                .append(HtmlReport.headerRow("test", "verdict", "passed", "intents", "flows", "texts"));
        // The test heads its row: a screen reader moving along a row says whose verdict and distributions it reads.
        s.tests().stream().limit(SHOWN).forEach(t -> html.append("<tr><th scope=\"row\" class=\"text\">").append(HtmlReport.resultLink(t.testId()))
                .append("<br><span class=\"muted\">").append(HtmlReport.esc(t.utterance() == null ? "" : OverviewText.of(t.utterance())))
                .append("</span></th><td>").append(t.stability().name()).append("</td><td>").append(t.repetitions().passed())
                .append(" of ").append(t.repetitions().runs()).append("</td><td class=\"text\">")
                .append(HtmlReport.esc(StabilityText.distribution(t.repetitions().intents()))).append("</td><td class=\"text\">")
                .append(HtmlReport.esc(StabilityText.distribution(t.repetitions().flows()))).append("</td><td class=\"text\">")
                .append(HtmlReport.esc(StabilityText.distribution(t.repetitions().texts()))).append("</td></tr>"));
        html.append("</table></div>");
        if (s.tests().size() > SHOWN) {
            html.append("<p class=\"muted\">and ").append(s.tests().size() - SHOWN).append(" more in results.json</p>");
        }
        html.append("</div></section>");
    }

    private static void intentRates(StringBuilder html, Map<String, StabilityAnalysis.IntentStability> rates) {
        if (rates.isEmpty()) return;
        html.append("<div class=\"scroll\"><table class=\"figures\" aria-label=\"intents recognised per run\">")
                .append(HtmlReport.headerRow("intent", "tests", "answered runs", "recognised", "rate", "unanswered"));
        // Rounded down, as every share on the page: an intent missed in one run of 200 does not read as 100 %.
        rates.forEach((intent, f) -> html.append("<tr><th scope=\"row\">").append(HtmlReport.esc(intent)).append("</th><td>")
                .append(f.tests()).append("</td><td>").append(f.runs()).append("</td><td>").append(f.recognised())
                .append("</td><td>").append(f.runs() == 0 ? "—" : Percent.of(f.recognised(), f.runs(), 0) + " %").append("</td><td>")
                .append(f.unanswered()).append("</td></tr>"));
        html.append("</table></div>");
    }
}
