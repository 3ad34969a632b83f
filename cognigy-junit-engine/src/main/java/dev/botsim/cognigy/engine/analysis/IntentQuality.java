package dev.botsim.cognigy.engine.analysis;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeMap;

import dev.botsim.cognigy.spi.IntentMargin;
import dev.botsim.cognigy.spi.Outcome;
import dev.botsim.cognigy.spi.SimulationRecord;

/**
 * How well the bot's NLU tells its intents apart, as the run measured it: per-intent precision, recall and F1 from
 * the confusion matrix (every test that expected an intent, or expected no intent ({@code no_intent}: the row
 * {@value #NO_INTENT}), and got an answer, whatever the backend, a repeated test once for each run that did:
 * {@link RunAnalysis#recognised}), the pairs confused most often, and
 * the fragile utterances: those whose best intent led the runner-up by less than the margin, passed or not. Margins
 * exist only where the backend gave the NLU's whole ranking; a run without any has {@link #marginsKnown()} 0 and
 * claims no utterance fragile or robust.
 *
 * @param perIntent     figures by intent: every intent a test expected or the bot recognised, by name; never
 *                      {@value #NO_INTENT}: an intent recognised for a test expecting none is a false positive of that
 *                      intent, and none recognised for it counts in no intent's figures
 * @param confusedPairs the off-diagonal cells of the confusion matrix, most frequent first, at most
 *                      {@link #TOP_CONFUSED_PAIRS}; "(none)" as {@code got} when no intent was recognised, as
 *                      {@code expected} when the test expected none and one was
 * @param fragile       utterances with a margin under {@code fragileMargin}, narrowest first
 * @param fragileMargin the margin an utterance had to reach ({@code cognigy.nlu.margin})
 * @param marginsKnown  how many tests carried a margin at all
 * @param notBotIntents intents tests expected that are not the bot's, with how many tests (not runs) expected each:
 *                      misspelt or removed, each such test fails on its own, and none is a class of the figures above
 *                      (nor is what the bot recognised for it counted against the intent it recognised); empty when
 *                      the backend could not tell the bot's intents
 */
public record IntentQuality(Map<String, IntentFigures> perIntent, List<ConfusedPair> confusedPairs,
                            List<FragileUtterance> fragile, double fragileMargin, long marginsKnown,
                            Map<String, Long> notBotIntents) {

    /** How many confused pairs the reports list; the whole matrix is in {@code intent_confusion}. */
    public static final int TOP_CONFUSED_PAIRS = 10;

    /**
     * What the confusion matrix calls a test where no intent was recognised (a miss, never a prediction), and the row of
     * the tests that expected none ({@code no_intent}).
     */
    public static final String NO_INTENT = "(none)";

    public IntentQuality {
        perIntent = java.util.Collections.unmodifiableMap(new TreeMap<>(perIntent));
        confusedPairs = List.copyOf(confusedPairs);
        fragile = List.copyOf(fragile);
        notBotIntents = java.util.Collections.unmodifiableMap(new TreeMap<>(notBotIntents));
    }

    /**
     * One intent's figures, counted in observations: a test run once, and each run of a repeated test, that got an
     * answer. Precision is the share of the observations recognised as this intent that expected it, recall the share
     * of those expecting it that got it, F1 their harmonic mean. Precision of an intent never recognised and recall of
     * an intent never expected have no denominator: undefined, not 0, they are {@code NaN} here and {@code null} in
     * reports.
     *
     * @param truePositives  observations expecting this intent that got it
     * @param falsePositives observations expecting another intent, or no intent, that got this one
     * @param falseNegatives observations expecting this intent that got another one or none
     */
    public record IntentFigures(long truePositives, long falsePositives, long falseNegatives) {

        /** Observations (tests, runs of repeated tests) that expected this intent. */
        public long expected() {
            return truePositives + falseNegatives;
        }

        public double precision() {
            return ratio(truePositives, truePositives + falsePositives);
        }

        public double recall() {
            return ratio(truePositives, truePositives + falseNegatives);
        }

        /**
         * The harmonic mean of precision and recall, {@code 2PR / (P + R)}, computed as {@code 2TP / (2TP + FP + FN)}:
         * the same where both are defined, and 0 (not undefined) for an intent expected but never recognised, or
         * recognised but never expected, which is what such an intent scores.
         */
        public double f1() {
            return ratio(2 * truePositives, 2 * truePositives + falsePositives + falseNegatives);
        }

        private static double ratio(long part, long whole) {
            return whole == 0 ? Double.NaN : (double) part / whole;
        }
    }

    /** Observations that expected {@code expected} and got {@code got} ({@value #NO_INTENT} for none). */
    public record ConfusedPair(String expected, String got, long count) {
    }

    /**
     * A test whose utterance the NLU ranked with a narrow lead.
     *
     * @param expectedIntent the intent the test expected, {@value #NO_INTENT} when it expected no intent at all
     *                       ({@code no_intent}), or {@code null} when it expected none in particular
     */
    public record FragileUtterance(String testId, String source, int line, String utterance, String expectedIntent,
                                   IntentMargin margin, Outcome outcome) {
    }

    /**
     * @param confusion      observations by expected and recognised intent
     * @param testsExpecting the tests behind each row of {@code confusion}
     * @param botIntents the bot's intents (listed or recognised), empty when unknown: a row of the confusion matrix whose expected intent is not
     *                   among them is left out of the figures and counted in {@link #notBotIntents()}
     */
    static IntentQuality of(Map<String, Map<String, Long>> confusion, Map<String, Long> testsExpecting,
                            List<SimulationRecord> records, double fragileMargin, java.util.Set<String> botIntents) {
        Map<String, long[]> counts = new TreeMap<>();
        List<ConfusedPair> pairs = new ArrayList<>();
        Map<String, Long> notBotIntents = new TreeMap<>();
        confusion.forEach((expected, row) -> {
            if (!botIntents.isEmpty() && !botIntents.contains(expected) && !expected.equals(NO_INTENT)) {
                notBotIntents.put(expected, testsExpecting.getOrDefault(expected, 0L));
            }
        });
        confusion.forEach((expected, row) -> row.forEach((got, n) -> {
            if (notBotIntents.containsKey(expected)) return;
            // Expected no intent and got none: a sentence rightly left out, which no intent's figures count; (none) is no
            // class of its own, so macro F1 stays the mean over the bot's intents.
            if (expected.equals(NO_INTENT) && got.equals(NO_INTENT)) return;
            if (expected.equals(NO_INTENT)) {
                counts.computeIfAbsent(got, k -> new long[3])[1] += n;
                pairs.add(new ConfusedPair(expected, got, n));
                return;
            }
            if (got.equals(expected)) {
                counts.computeIfAbsent(expected, k -> new long[3])[0] += n;
                return;
            }
            counts.computeIfAbsent(expected, k -> new long[3])[2] += n;
            if (!got.equals(NO_INTENT)) counts.computeIfAbsent(got, k -> new long[3])[1] += n;
            pairs.add(new ConfusedPair(expected, got, n));
        }));
        Map<String, IntentFigures> perIntent = new TreeMap<>();
        counts.forEach((intent, c) -> perIntent.put(intent, new IntentFigures(c[0], c[1], c[2])));
        pairs.sort(Comparator.comparingLong(ConfusedPair::count).reversed().thenComparing(ConfusedPair::expected)
                .thenComparing(ConfusedPair::got));
        List<FragileUtterance> fragile = new ArrayList<>();
        long known = 0;
        for (SimulationRecord r : records) {
            IntentMargin margin = r.intentMargin();
            // A skipped test is no observation, as in the confusion matrix these figures come from.
            if (margin == null || r.outcome() == Outcome.SKIPPED) continue;
            known++;
            // Fragile is a recognised intent that a small change of wording could swap for the runner-up. Below the
            // threshold (every intent scored 0 among it) the NLU recognises nothing whichever intent leads: the lead
            // decides nothing, and the utterance's problem — not recognised at all — is its failure and the confusion
            // matrix's "(none)", not a narrow margin. Strictly under: a lead of exactly the margin is not fragile.
            if (recognised(r, margin) && margin.margin() < fragileMargin) {
                String expected = r.expected().noIntent() ? NO_INTENT : r.expected().intent();
                fragile.add(new FragileUtterance(r.testId(), r.source(), r.line(), r.utterance(), expected, margin, r.outcome()));
            }
        }
        fragile.sort(Comparator.comparingDouble((FragileUtterance f) -> f.margin().margin()).thenComparing(FragileUtterance::testId));
        return new IntentQuality(perIntent, pairs.subList(0, Math.min(TOP_CONFUSED_PAIRS, pairs.size())), fragile,
                fragileMargin, known, notBotIntents);
    }

    /**
     * Whether the NLU recognised the best of the margin's intents: the answer names it as its intent (a backend that
     * gives the ranking names the recognised intent only, none below the threshold), with a score above 0.
     */
    private static boolean recognised(SimulationRecord r, IntentMargin margin) {
        return margin.firstScore() > 0 && r.actual().stream().anyMatch(t -> margin.first().equals(t.intent()));
    }

    /** The unweighted mean F1 over the intents, each counting once however many observations expected it; empty without any. */
    public OptionalDouble macroF1() {
        return perIntent.values().stream().mapToDouble(IntentFigures::f1).filter(f -> !Double.isNaN(f)).average();
    }

    /** Whether any test expected an intent: without one there is nothing to measure. */
    public boolean isEmpty() {
        return perIntent.isEmpty() && marginsKnown == 0 && notBotIntents.isEmpty();
    }
}
