package dev.botsim.cognigy.engine.backend;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.botsim.cognigy.annotations.BotTurn;
import dev.botsim.cognigy.engine.support.ComposedText;
import dev.botsim.cognigy.engine.support.ScoreText;
import dev.botsim.cognigy.spi.IntentMargin;

/**
 * Every intent's score for one sentence, best first, as an NLU scoring call gives them, with the threshold the
 * recognised intent had to reach. A backend that has it puts it into its turn's output data under {@link #KEY}, so a
 * failed intent expectation can say where the expected intent ranked, not only what won.
 *
 * @param scores    best first
 * @param threshold the lowest score an intent is recognised at
 */
public record IntentRanking(List<Score> scores, double threshold) {

    /** The output-data key the ranking travels under. */
    public static final String KEY = "nluRanking";

    /**
     * One intent's score; a negated intent (the sentence says it is not meant) is never the recognised one.
     *
     * @param intent its name, in Unicode's composed form (NFC) as the turn's intent is ({@link TurnResult})
     * @param flow   reference id of the flow the intent belongs to, or {@code null} when not given
     */
    public record Score(String intent, double score, boolean negated, String flow) {
        public Score {
            intent = ComposedText.of(intent);
        }
    }

    public IntentRanking {
        scores = List.copyOf(scores);
    }

    /** The recognised intent: the best non-negated score at or above the threshold; none below it. */
    public Optional<Score> recognised() {
        return best().filter(s -> s.score() >= threshold);
    }

    /** The best non-negated score, recognised or not. */
    public Optional<Score> best() {
        return scores.stream().filter(s -> !s.negated()).findFirst();
    }

    /**
     * The two best non-negated intents, whatever the threshold: how close the runner-up came. Negated intents are
     * left out, since Cognigy never recognises one; with fewer than two intents scored there is no margin.
     */
    public Optional<IntentMargin> margin() {
        List<Score> candidates = scores.stream().filter(s -> !s.negated()).limit(2).toList();
        if (candidates.size() < 2) return Optional.empty();
        return Optional.of(new IntentMargin(candidates.get(0).intent(), candidates.get(0).score(), candidates.get(1).intent(),
                candidates.get(1).score()));
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
            list.add(item);
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put(KEY, list);
        data.put("threshold", threshold);
        return data;
    }

    /** The ranking a turn carries in its output data, if any. */
    public static Optional<IntentRanking> of(BotTurn turn) {
        for (Map<String, Object> data : turn.outputData()) {
            if (data.get(KEY) instanceof List<?> list && data.get("threshold") instanceof Number threshold) {
                List<Score> scores = new ArrayList<>();
                for (Object o : list) {
                    if (o instanceof Map<?, ?> m && m.get("intent") instanceof String name && m.get("score") instanceof Number score) {
                        scores.add(new Score(name, score.doubleValue(), Boolean.TRUE.equals(m.get("negated")),
                                m.get("flow") instanceof String flow ? flow : null));
                    }
                }
                return Optional.of(new IntentRanking(scores, threshold.doubleValue()));
            }
        }
        return Optional.empty();
    }

    /**
     * Why {@code expected} was not the recognised intent, in one line:
     * {@code expected order_pizza, got opening_hours (0.71); order_pizza was 2nd (0.63)}.
     */
    public String explain(String expected) {
        StringBuilder line = new StringBuilder("expected ").append(expected).append(", got ");
        Optional<Score> recognised = recognised();
        if (recognised.isPresent()) {
            line.append(recognised.get().intent()).append(" (").append(ScoreText.of(recognised.get().score())).append(')');
        } else {
            line.append("no intent");
            best().ifPresent(b -> line.append(" (best ").append(b.intent()).append(' ').append(ScoreText.of(b.score()))
                    .append(" is below the threshold ").append(ScoreText.limit(threshold)).append(')'));
        }
        for (int i = 0; i < scores.size(); i++) {
            Score s = scores.get(i);
            if (!s.intent().equals(expected)) continue;
            line.append("; ").append(expected).append(" was ").append(ordinal(i + 1)).append(" (").append(ScoreText.of(s.score()));
            if (s.negated()) line.append(", negated");
            else if (s.score() < threshold) line.append(", below the threshold ").append(ScoreText.limit(threshold));
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
