package dev.botsim.cognigy.engine.analysis;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.botsim.cognigy.spi.NluFigures;

/**
 * The NLU figures per locale as the audit record ({@code by_locale}) and the webhook payload
 * ({@code batch_summary.by_locale}) write them, in one place so the two never name or shape a figure differently: per
 * locale, {@code results.json}'s {@code by_locale} entry with the fragile utterances counted ({@code fragile_count})
 * instead of listed — their utterances are the test's texts, which an append-only trail could never take back, and
 * {@code results.json} lists them.
 */
public final class LocaleNluFields {

    private LocaleNluFields() {
    }

    /**
     * The fields in name order of the locales, each locale's in a fixed order; {@code null} when there are no per-locale
     * figures (the run's NLU tests span one locale or none), so the record and payload of such a run stay as they were.
     *
     * @param repeated whether a test of the run ran more than once: only then has each locale its
     *                 {@code stability_intents}, as in {@code results.json}
     */
    public static Map<String, Object> of(Map<String, NluFigures> byLocale, boolean repeated) {
        if (byLocale.isEmpty()) return null;
        Map<String, Object> out = new LinkedHashMap<>();
        new java.util.TreeMap<>(byLocale).forEach((locale, nlu) -> {
            Map<String, Object> figures = new LinkedHashMap<>();
            Map<String, Object> confusion = new LinkedHashMap<>();
            new java.util.TreeMap<>(nlu.confusion()).forEach((expected, row) -> confusion.put(expected, new java.util.TreeMap<>(row)));
            figures.put("intent_confusion", confusion);
            figures.put("intent_quality", intentQuality(nlu));
            if (repeated) figures.put("stability_intents", stability(nlu.stability()));
            out.put(locale, figures);
        });
        return out;
    }

    /** Shaped as {@code results.json}'s {@code intent_quality}, an undefined figure {@code null}, the fragile ones counted. */
    private static Map<String, Object> intentQuality(NluFigures nlu) {
        Map<String, Object> out = new LinkedHashMap<>();
        Map<String, Object> perIntent = new LinkedHashMap<>();
        new java.util.TreeMap<>(nlu.intents()).forEach((intent, f) -> {
            Map<String, Object> figures = new LinkedHashMap<>();
            figures.put("expected", f.expected());
            figures.put("true_positives", f.truePositives());
            figures.put("false_positives", f.falsePositives());
            figures.put("false_negatives", f.falseNegatives());
            figures.put("precision", number(f.precision()));
            figures.put("recall", number(f.recall()));
            figures.put("f1", number(f.f1()));
            perIntent.put(intent, figures);
        });
        out.put("per_intent", perIntent);
        out.put("macro_f1", number(nlu.macroF1()));
        out.put("not_bot_intents", new java.util.TreeMap<>(nlu.notBotIntents()));
        List<Map<String, Object>> pairs = new ArrayList<>();
        for (NluFigures.ConfusedPair pair : nlu.confusedPairs()) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("expected", pair.expected());
            item.put("got", pair.got());
            item.put("count", pair.count());
            pairs.add(item);
        }
        out.put("confused_pairs", pairs);
        out.put("fragile_margin", nlu.fragileMargin());
        out.put("margins_known", nlu.marginsKnown());
        out.put("fragile_count", nlu.fragile());
        return out;
    }

    /** Shaped as {@code results.json}'s {@code stability.intents}: a rate with no answered run is {@code null}. */
    private static Map<String, Object> stability(Map<String, NluFigures.IntentRate> rates) {
        Map<String, Object> out = new LinkedHashMap<>();
        new java.util.TreeMap<>(rates).forEach((intent, f) -> {
            Map<String, Object> figures = new LinkedHashMap<>();
            figures.put("tests", f.tests());
            figures.put("runs", f.runs());
            figures.put("recognised", f.recognised());
            figures.put("rate", number(f.rate()));
            figures.put("unanswered", f.unanswered());
            out.put(intent, figures);
        });
        return out;
    }

    private static Double number(double value) {
        return Double.isNaN(value) ? null : value;
    }
}
