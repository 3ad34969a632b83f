package dev.botsim.cognigy.engine.analysis;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import dev.botsim.cognigy.engine.config.Constants;
import dev.botsim.cognigy.engine.support.LanguageTag;
import dev.botsim.cognigy.spi.NluFigures;
import dev.botsim.cognigy.spi.RunInfo;
import dev.botsim.cognigy.spi.SimulationRecord;

/**
 * The NLU figures of one locale's tests: a Cognigy project trains its intents per locale under the same names, so
 * {@code check_order} in de-DE and in fr-FR are two models' answers, and a run whose tests span both is measured per
 * locale — one confusion matrix, one intent quality (macro F1 among it) and one set of per-intent stability rates each.
 * Merged, a French regression hid behind a good German figure.
 *
 * @param confusion     observations by expected and recognised intent, as {@link RunAnalysis#confusion()}, of this
 *                      locale's tests only
 * @param intentQuality precision, recall, F1, the confused pairs and the fragile utterances of this locale's tests
 * @param stability     per intent expected by a repeated test of this locale, the share of its answered runs that
 *                      recognised it, as {@link StabilityAnalysis#intents()}
 */
public record LocaleNlu(Map<String, Map<String, Long>> confusion, IntentQuality intentQuality,
                        Map<String, StabilityAnalysis.IntentStability> stability) {

    /**
     * The locale of the tests that name none, when the run does not know its own locale's name (no deployment resolved,
     * no {@value Constants#NLU_LOCALE}): {@value}. Parenthesised, so no locale's name is taken for it.
     */
    public static final String RUN_LOCALE = "(run's locale)";

    public LocaleNlu {
        confusion = Collections.unmodifiableMap(new TreeMap<>(confusion));
        stability = Collections.unmodifiableMap(new TreeMap<>(stability));
    }

    /**
     * The run's NLU figures by locale, in name order, when its NLU tests (those expecting an intent or no intent, or
     * whose backend ranked the intents) span more than one locale; empty when they span one or none, so the run's figures
     * are its one locale's and read as before.
     *
     * @param botIntents the bot's intents as far as the run can tell ({@link IntentQuality#of})
     */
    static Map<String, LocaleNlu> of(RunInfo run, List<SimulationRecord> records, double fragileMargin, Set<String> botIntents) {
        String runLocale = runLocale(run);
        Map<String, List<SimulationRecord>> byLocale = new TreeMap<>();
        Map<SimulationRecord, String> keys = keys(records, runLocale);
        for (SimulationRecord record : records) {
            if (!measuresNlu(record)) continue;
            byLocale.computeIfAbsent(keys.get(record), k -> new ArrayList<>()).add(record);
        }
        if (byLocale.size() < 2) return Map.of();
        // Every test of a locale counts in its figures: a fragile utterance or a repeated test among them need not be an
        // NLU test by expectation to be one of the locale's observations.
        for (SimulationRecord record : records) {
            if (!measuresNlu(record) && byLocale.containsKey(keys.get(record))) byLocale.get(keys.get(record)).add(record);
        }
        Map<String, LocaleNlu> figures = new TreeMap<>();
        byLocale.forEach((locale, own) -> {
            RunAnalysis.Matrix matrix = RunAnalysis.Matrix.of(own);
            figures.put(locale, new LocaleNlu(matrix.confusion(),
                    IntentQuality.of(matrix.confusion(), matrix.testsExpecting(), own, fragileMargin, botIntents),
                    StabilityAnalysis.of(own).intents()));
        });
        return Collections.unmodifiableMap(figures);
    }

    /**
     * These figures as listeners, the audit record and the webhook payload get them ({@link
     * dev.botsim.cognigy.spi.RunSummary#byLocale()}): the fragile utterances counted, not listed.
     */
    public NluFigures figures() {
        Map<String, NluFigures.IntentFigures> intents = new java.util.LinkedHashMap<>();
        intentQuality.perIntent().forEach((intent, f) -> intents.put(intent, new NluFigures.IntentFigures(f.truePositives(),
                f.falsePositives(), f.falseNegatives(), f.precision(), f.recall(), f.f1())));
        Map<String, NluFigures.IntentRate> rates = new java.util.LinkedHashMap<>();
        stability.forEach((intent, f) -> rates.put(intent, new NluFigures.IntentRate(f.tests(), f.runs(), f.recognised(),
                f.unanswered(), f.rate() == null ? Double.NaN : f.rate())));
        return NluFigures.builder().confusion(confusion).intents(intents)
                .macroF1(intentQuality.macroF1().orElse(Double.NaN)).notBotIntents(intentQuality.notBotIntents())
                .confusedPairs(intentQuality.confusedPairs().stream()
                        .map(p -> new NluFigures.ConfusedPair(p.expected(), p.got(), p.count())).toList())
                .fragileMargin(intentQuality.fragileMargin()).marginsKnown(intentQuality.marginsKnown())
                .fragile(intentQuality.fragile().size()).stability(rates).build();
    }

    /** Whether a test is an observation the NLU figures are about: it expects an intent or none, or it carries a ranking. */
    private static boolean measuresNlu(SimulationRecord record) {
        return record.expected().intent() != null || record.expected().noIntent() || record.intentMargin() != null;
    }

    /**
     * The name of the locale a test naming none runs in: the deployment's the run resolved, else {@value
     * Constants#NLU_LOCALE}, else {@link #RUN_LOCALE}.
     */
    static String runLocale(RunInfo run) {
        if (run.bot() != null && run.bot().underTest() != null && run.bot().underTest().locale() != null
                && !run.bot().underTest().locale().isBlank()) {
            return LanguageTag.canonical(run.bot().underTest().locale());
        }
        String configured = run.configuration().get(Constants.NLU_LOCALE);
        return configured == null || configured.isBlank() ? RUN_LOCALE : LanguageTag.canonical(configured);
    }

    /**
     * Each record's locale as one name: a language tag in its usual case ({@code de-de} is {@code de-DE}: tags are not
     * case-sensitive), a test naming none under the run's own, and a language alone ({@code de}) under the one locale of
     * the run reading that language — the locale a test naming the language alone is sent to (docs/nlu.md) — when the run
     * names exactly one.
     */
    static Map<SimulationRecord, String> keys(List<SimulationRecord> records, String runLocale) {
        Map<SimulationRecord, String> named = new java.util.IdentityHashMap<>();
        Set<String> full = new TreeSet<>();
        if (runLocale.contains("-")) full.add(runLocale);
        for (SimulationRecord record : records) {
            String locale = record.locale() == null || record.locale().isBlank() ? runLocale : LanguageTag.canonical(record.locale());
            named.put(record, locale);
            if (locale.contains("-")) full.add(locale);
        }
        Map<SimulationRecord, String> keys = new java.util.IdentityHashMap<>();
        named.forEach((record, locale) -> {
            List<String> reading = locale.equals(RUN_LOCALE) || locale.contains("-") ? List.of()
                    : full.stream().filter(f -> LanguageTag.language(f).equals(LanguageTag.language(locale))).toList();
            keys.put(record, reading.size() == 1 ? reading.get(0) : locale);
        });
        return keys;
    }
}
