package dev.botsim.cognigy.spi;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;
import static org.apiguardian.api.API.Status.INTERNAL;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apiguardian.api.API;

/**
 * The NLU figures of one locale's tests, as the engine measured them ({@link RunSummary#byLocale()}): a Cognigy project
 * trains its intents per locale under the same names, so {@code check_order} in de-DE and in fr-FR are two models'
 * answers, and a run whose NLU tests span both is measured per locale. Figures count observations: a test run once, and
 * each answered run of a repeated test. The engine computes every figure; a figure with nothing to divide by is
 * {@code NaN}.
 *
 * <p>Read it through its accessors; build it with {@link #builder()}, which gives a component added later a default.
 * The canonical constructor changes with the components.
 *
 * @param confusion     observations by expected and recognised intent; {@code "(none)"} as the recognised intent when
 *                      none was, and as the expected one for the tests expecting no intent
 * @param intents       precision, recall and F1 by intent, in name order: every intent a test of the locale expected or
 *                      the bot recognised for one, never {@code "(none)"}
 * @param macroF1       the unweighted mean F1 over {@code intents}; {@code NaN} when no intent has one
 * @param notBotIntents intents the locale's tests expected that are not the bot's, with how many tests expected each,
 *                      left out of the figures above; empty when the bot's intents are unknown
 * @param confusedPairs the most frequent off-diagonal cells of {@code confusion}, most frequent first, at most ten
 * @param fragileMargin the lead over the runner-up an utterance had to reach ({@code cognigy.nlu.margin})
 * @param marginsKnown  how many of the locale's tests carried a margin (a backend that sees the NLU's ranking)
 * @param fragile       how many of them led the runner-up by less than {@code fragileMargin}; {@code results.json} lists
 *                      them, with their utterances
 * @param stability     per intent a repeated test of the locale expected, how steadily its runs recognised it; empty when
 *                      none of the locale's tests ran more than once
 */
@API(status = EXPERIMENTAL, since = "0.1")
public record NluFigures(Map<String, Map<String, Long>> confusion, Map<String, IntentFigures> intents, double macroF1,
                         Map<String, Long> notBotIntents, List<ConfusedPair> confusedPairs, double fragileMargin,
                         long marginsKnown, long fragile, Map<String, IntentRate> stability) {

    @API(status = INTERNAL, since = "0.1")
    public NluFigures {
        Map<String, Map<String, Long>> rows = new LinkedHashMap<>();
        if (confusion != null) confusion.forEach((expected, row) -> rows.put(expected, Collections.unmodifiableMap(new LinkedHashMap<>(row))));
        confusion = Collections.unmodifiableMap(rows);
        intents = intents == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(intents));
        notBotIntents = notBotIntents == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(notBotIntents));
        confusedPairs = confusedPairs == null ? List.of() : List.copyOf(confusedPairs);
        stability = stability == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(stability));
    }

    /**
     * One intent's figures. Precision is the share of the observations recognised as this intent that expected it, recall
     * the share of those expecting it that got it, F1 {@code 2TP / (2TP + FP + FN)}.
     *
     * @param truePositives  observations expecting this intent that got it
     * @param falsePositives observations expecting another intent, or none, that got this one
     * @param falseNegatives observations expecting this intent that got another one or none
     * @param precision      {@code NaN} for an intent never recognised
     * @param recall         {@code NaN} for an intent never expected
     * @param f1             0 for an intent expected and never recognised, or recognised and never expected
     */
    @API(status = EXPERIMENTAL, since = "0.1")
    public record IntentFigures(long truePositives, long falsePositives, long falseNegatives, double precision, double recall,
                                double f1) {

        /** Observations that expected this intent. */
        public long expected() {
            return truePositives + falseNegatives;
        }
    }

    /**
     * Observations that expected {@code expected} and got {@code got}, either {@code "(none)"} as in {@link #confusion()}.
     */
    @API(status = EXPERIMENTAL, since = "0.1")
    public record ConfusedPair(String expected, String got, long count) {
    }

    /**
     * How steadily the runs of the repeated tests expecting one intent recognised it.
     *
     * @param tests      the repeated tests expecting it
     * @param runs       their runs that sent the message and got an answer
     * @param recognised how many of those recognised it
     * @param unanswered their runs that sent the message and got no answer (an error, a timeout), not in {@code runs}
     * @param rate       {@code recognised ÷ runs}; {@code NaN} when no run got an answer
     */
    @API(status = EXPERIMENTAL, since = "0.1")
    public record IntentRate(long tests, long runs, long recognised, long unanswered, double rate) {
    }

    /** Figures to fill in; not set are no observations, a {@code NaN} macro F1 and a fragile margin of 0. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding these figures, to change some of them. */
    public Builder toBuilder() {
        return new Builder().confusion(confusion).intents(intents).macroF1(macroF1).notBotIntents(notBotIntents)
                .confusedPairs(confusedPairs).fragileMargin(fragileMargin).marginsKnown(marginsKnown).fragile(fragile)
                .stability(stability);
    }

    /** Collects an {@link NluFigures}' components. */
    @API(status = EXPERIMENTAL, since = "0.1")
    public static final class Builder {
        private Map<String, Map<String, Long>> confusion = Map.of();
        private Map<String, IntentFigures> intents = Map.of();
        private double macroF1 = Double.NaN;
        private Map<String, Long> notBotIntents = Map.of();
        private List<ConfusedPair> confusedPairs = List.of();
        private double fragileMargin;
        private long marginsKnown;
        private long fragile;
        private Map<String, IntentRate> stability = Map.of();

        private Builder() {
        }

        /** Observations by expected and recognised intent, each in the order given. */
        public Builder confusion(Map<String, Map<String, Long>> confusion) {
            this.confusion = confusion;
            return this;
        }

        /** Figures by intent, in the order given. */
        public Builder intents(Map<String, IntentFigures> intents) {
            this.intents = intents;
            return this;
        }

        public Builder macroF1(double macroF1) {
            this.macroF1 = macroF1;
            return this;
        }

        public Builder notBotIntents(Map<String, Long> notBotIntents) {
            this.notBotIntents = notBotIntents;
            return this;
        }

        public Builder confusedPairs(List<ConfusedPair> confusedPairs) {
            this.confusedPairs = confusedPairs;
            return this;
        }

        public Builder fragileMargin(double fragileMargin) {
            this.fragileMargin = fragileMargin;
            return this;
        }

        public Builder marginsKnown(long marginsKnown) {
            this.marginsKnown = marginsKnown;
            return this;
        }

        public Builder fragile(long fragile) {
            this.fragile = fragile;
            return this;
        }

        /** Rates by intent, in the order given; empty (the default) when no test of the locale ran more than once. */
        public Builder stability(Map<String, IntentRate> stability) {
            this.stability = stability;
            return this;
        }

        public NluFigures build() {
            return new NluFigures(confusion, intents, macroF1, notBotIntents, confusedPairs, fragileMargin, marginsKnown,
                    fragile, stability);
        }
    }
}
