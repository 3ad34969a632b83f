package dev.botsim.cognigy.engine.backend;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.botsim.cognigy.annotations.BotTurn;
import dev.botsim.cognigy.engine.support.ComposedText;
import dev.botsim.cognigy.engine.support.Excerpt;
import dev.botsim.cognigy.engine.support.ScoreText;
import dev.botsim.cognigy.spi.IntentMargin;

/**
 * Every intent's score for one sentence, best first, as an NLU scoring call gives them, with the thresholds the
 * recognised intent had to reach. A backend that has it puts it into its turn's output data under {@link #KEY}, so a
 * failed intent expectation can say where the expected intent ranked, not only what won.
 *
 * <p>What becomes of the sentence is Cognigy's rule ({@link #outcome()}): the best intent that is neither negated nor
 * disabled is taken when it reaches its confidence threshold, or its reconfirmation threshold when it has no
 * confirmation sentence; one with a confirmation sentence that scores between the two is asked back ("Did you mean
 * …?") rather than taken; a reject intent on top rejects the sentence; below the reconfirmation threshold nothing is
 * recognised, nor when the best intent scores 0, whatever the threshold.
 *
 * @param scores              best first
 * @param threshold           the scored flow's reconfirmation threshold: the lowest score an intent is recognised at
 * @param confidenceThreshold the scored flow's confidence threshold, at least {@code threshold}: from it up, an intent
 *                            with a confirmation sentence is taken without asking back
 */
public record IntentRanking(List<Score> scores, double threshold, double confidenceThreshold) {

    /** The output-data key the ranking travels under. */
    public static final String KEY = "nluRanking";

    /** What Cognigy does with an intent that scores best: takes it, rejects the sentence, or passes it over. */
    public enum Role {
        /** An ordinary intent: taken when it is the best and reaches its thresholds. */
        INTENT,
        /** A reject intent: when it scores best, the sentence is rejected and no intent is recognised. */
        REJECT,
        /** A disabled intent: never taken; the next intent takes its place. */
        DISABLED
    }

    /**
     * The thresholds an intent is judged by: its flow's {@code intentThreshold} (Cognigy's Reconfirmation and
     * Confidence Threshold).
     *
     * @param reconfirmation below it, the intent is not considered
     * @param confidence     from it up, the intent is taken even when it has a confirmation sentence; at least
     *                       {@code reconfirmation}
     */
    public record Thresholds(double reconfirmation, double confidence) {
        public Thresholds {
            confidence = Math.max(reconfirmation, confidence);
        }
    }

    /**
     * One intent's score; a negated intent (the sentence says it is not meant) is never the recognised one.
     *
     * @param intent               its name, in Unicode's composed form (NFC) as the turn's intent is ({@link TurnResult})
     * @param flow                 reference id of the flow the intent belongs to, or {@code null} when not given
     * @param role                 what Cognigy does with it when it scores best
     * @param thresholds           the thresholds of its flow when they are not the scored flow's (an attached flow's own),
     *                             {@code null} for the ranking's
     * @param confirmationSentence what the bot asks when the intent scores between its thresholds, {@code null} for none
     */
    public record Score(String intent, double score, boolean negated, String flow, Role role, Thresholds thresholds,
                        String confirmationSentence) {
        public Score {
            intent = ComposedText.of(intent);
            role = role == null ? Role.INTENT : role;
            confirmationSentence = confirmationSentence == null || confirmationSentence.isBlank() ? null : confirmationSentence;
        }

        /** An ordinary intent judged by the ranking's thresholds, without a confirmation sentence. */
        public Score(String intent, double score, boolean negated, String flow) {
            this(intent, score, negated, flow, Role.INTENT, null, null);
        }
    }

    /** What became of the sentence. */
    public enum Verdict {
        /** The best intent was taken: it is the turn's intent. */
        RECOGNISED,
        /** The best intent scored between its thresholds and has a confirmation sentence: the bot asks it back. */
        RECONFIRMATION_ASKED,
        /** A reject intent scored best, at or above its reconfirmation threshold: the sentence is rejected. */
        REJECTED,
        /** The best intent is below its reconfirmation threshold, or scored 0: nothing is recognised. */
        BELOW_THRESHOLD,
        /** Every intent scored is negated or disabled, or none was scored. */
        NONE
    }

    /**
     * What became of the sentence, and the intent it turned on.
     *
     * @param best the best intent that is neither negated nor disabled, {@code null} only for {@link Verdict#NONE}
     */
    public record Outcome(Verdict verdict, Score best) {
    }

    public IntentRanking {
        scores = List.copyOf(scores);
        confidenceThreshold = Math.max(threshold, confidenceThreshold);
    }

    /** A ranking judged by one threshold, with no band of reconfirmation above it. */
    public IntentRanking(List<Score> scores, double threshold) {
        this(scores, threshold, threshold);
    }

    /** The thresholds {@code score} is judged by: its own flow's, else the ranking's. */
    public Thresholds thresholdsOf(Score score) {
        return score.thresholds() != null ? score.thresholds() : new Thresholds(threshold, confidenceThreshold);
    }

    /** What Cognigy does with the sentence, by the rule of the class comment. */
    public Outcome outcome() {
        Optional<Score> candidate = best();
        if (candidate.isEmpty()) return new Outcome(Verdict.NONE, null);
        Score best = candidate.get();
        Thresholds limits = thresholdsOf(best);
        // A best score of 0 matched nothing: at a reconfirmation threshold of 0 it would take whichever intent the answer
        // lists first, as the sandbox's REST Endpoint does not.
        if (best.score() <= 0 || best.score() < limits.reconfirmation()) return new Outcome(Verdict.BELOW_THRESHOLD, best);
        if (best.role() == Role.REJECT) return new Outcome(Verdict.REJECTED, best);
        if (best.score() < limits.confidence() && best.confirmationSentence() != null) {
            return new Outcome(Verdict.RECONFIRMATION_ASKED, best);
        }
        return new Outcome(Verdict.RECOGNISED, best);
    }

    /** The recognised intent ({@link Verdict#RECOGNISED}); none when the sentence is asked back, rejected or below the threshold. */
    public Optional<Score> recognised() {
        Outcome outcome = outcome();
        return outcome.verdict() == Verdict.RECOGNISED ? Optional.of(outcome.best()) : Optional.empty();
    }

    /** The best score that is neither negated nor disabled, recognised or not. */
    public Optional<Score> best() {
        return scores.stream().filter(IntentRanking::competes).findFirst();
    }

    /**
     * The two best intents that are neither negated nor disabled, whatever the threshold: how close the runner-up came.
     * Negated and disabled intents are left out, since Cognigy never recognises one; with fewer than two intents scored
     * there is no margin.
     */
    public Optional<IntentMargin> margin() {
        List<Score> candidates = scores.stream().filter(IntentRanking::competes).limit(2).toList();
        if (candidates.size() < 2) return Optional.empty();
        return Optional.of(new IntentMargin(candidates.get(0).intent(), candidates.get(0).score(), candidates.get(1).intent(),
                candidates.get(1).score()));
    }

    private static boolean competes(Score s) {
        return !s.negated() && s.role() != Role.DISABLED;
    }

    /** This ranking as output data: plain maps and lists, as JSON would give them. */
    public Map<String, Object> toOutputData() {
        List<Map<String, Object>> list = new ArrayList<>();
        for (Score s : scores) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("intent", s.intent());
            item.put("score", s.score());
            item.put("negated", s.negated());
            if (s.flow() != null) item.put("flow", s.flow());
            if (s.role() == Role.REJECT) item.put("reject", true);
            if (s.role() == Role.DISABLED) item.put("disabled", true);
            if (s.thresholds() != null) {
                item.put("threshold", s.thresholds().reconfirmation());
                item.put("confidenceThreshold", s.thresholds().confidence());
            }
            if (s.confirmationSentence() != null) item.put("confirmationSentence", s.confirmationSentence());
            list.add(item);
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put(KEY, list);
        data.put("threshold", threshold);
        data.put("confidenceThreshold", confidenceThreshold);
        return data;
    }

    /**
     * The ranking a turn carries in its output data, if any. One recorded before confidence thresholds, reject and
     * disabled intents and confirmation sentences were kept has none of them: it is judged by its one threshold.
     */
    public static Optional<IntentRanking> of(BotTurn turn) {
        for (Map<String, Object> data : turn.outputData()) {
            if (data.get(KEY) instanceof List<?> list && data.get("threshold") instanceof Number threshold) {
                List<Score> scores = new ArrayList<>();
                for (Object o : list) {
                    if (o instanceof Map<?, ?> m && m.get("intent") instanceof String name && m.get("score") instanceof Number score) {
                        Role role = Boolean.TRUE.equals(m.get("reject")) ? Role.REJECT
                                : Boolean.TRUE.equals(m.get("disabled")) ? Role.DISABLED : Role.INTENT;
                        Thresholds own = m.get("threshold") instanceof Number lower
                                ? new Thresholds(lower.doubleValue(), m.get("confidenceThreshold") instanceof Number upper
                                ? upper.doubleValue() : lower.doubleValue()) : null;
                        scores.add(new Score(name, score.doubleValue(), Boolean.TRUE.equals(m.get("negated")),
                                m.get("flow") instanceof String flow ? flow : null, role, own,
                                m.get("confirmationSentence") instanceof String sentence ? sentence : null));
                    }
                }
                double confidence = data.get("confidenceThreshold") instanceof Number upper ? upper.doubleValue() : threshold.doubleValue();
                return Optional.of(new IntentRanking(scores, threshold.doubleValue(), confidence));
            }
        }
        return Optional.empty();
    }

    /**
     * Why {@code expected} was not the recognised intent, in one line:
     * {@code expected order_pizza, got opening_hours (0.71); order_pizza was 2nd (0.63)}; when no intent was recognised,
     * why not: below the threshold, asked back with the intent's confirmation sentence, or rejected by a reject intent.
     */
    public String explain(String expected) {
        StringBuilder line = new StringBuilder("expected ").append(expected).append(", got ");
        Outcome outcome = outcome();
        Score best = outcome.best();
        switch (outcome.verdict()) {
            case RECOGNISED -> line.append(best.intent()).append(" (").append(ScoreText.of(best.score())).append(')');
            case RECONFIRMATION_ASKED -> {
                Thresholds limits = thresholdsOf(best);
                line.append("no intent: '").append(best.intent()).append("' scored ").append(ScoreText.of(best.score()))
                        .append(", between the reconfirmation threshold ").append(ScoreText.limit(limits.reconfirmation()))
                        .append(" and the confidence threshold ").append(ScoreText.limit(limits.confidence()))
                        .append(", and has a confirmation sentence: the bot asks \"")
                        .append(Excerpt.of(best.confirmationSentence(), 100)).append("\" rather than taking it");
                // The expected intent is the one asked back: its rank adds nothing.
                if (best.intent().equals(expected)) return line.toString();
            }
            case REJECTED -> line.append("no intent: the reject intent '").append(best.intent()).append("' scored best (")
                    .append(ScoreText.of(best.score())).append("), so Cognigy rejects the sentence");
            case BELOW_THRESHOLD -> {
                if (best.score() <= 0) line.append("no intent (every intent scored 0: the sentence matched none)");
                else line.append("no intent (best ").append(best.intent()).append(' ').append(ScoreText.of(best.score()))
                        .append(" is below the threshold ").append(ScoreText.limit(thresholdsOf(best).reconfirmation())).append(')');
            }
            case NONE -> line.append("no intent");
        }
        for (int i = 0; i < scores.size(); i++) {
            Score s = scores.get(i);
            if (!s.intent().equals(expected)) continue;
            line.append("; ").append(expected).append(" was ").append(ordinal(i + 1)).append(" (").append(ScoreText.of(s.score()));
            if (s.negated()) line.append(", negated");
            else if (s.role() == Role.DISABLED) line.append(", disabled in Cognigy: never recognised");
            else if (s.role() == Role.REJECT) line.append(", a reject intent: never recognised");
            else if (s.score() < thresholdsOf(s).reconfirmation()) {
                line.append(", below the threshold ").append(ScoreText.limit(thresholdsOf(s).reconfirmation()));
            }
            return line.append(')').toString();
        }
        return line.append("; ").append(expected).append(" was not scored: the flow has no intent of that name").toString();
    }

    private static String ordinal(int n) {
        int tens = n % 100;
        String suffix = tens >= 11 && tens <= 13 ? "th" : switch (n % 10) {
            case 1 -> "st";
            case 2 -> "nd";
            case 3 -> "rd";
            default -> "th";
        };
        return n + suffix;
    }
}
