package dev.botsim.cognigy.engine.backend.nlu;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import dev.botsim.cognigy.engine.backend.BackendException;
import dev.botsim.cognigy.engine.backend.IntentRanking;
import dev.botsim.cognigy.engine.backend.IntentScores;
import dev.botsim.cognigy.engine.support.ComposedText;
import dev.botsim.cognigy.engine.support.ConsoleText;
import dev.botsim.cognigy.engine.support.Excerpt;
import tools.jackson.databind.JsonNode;

/**
 * Reads the answer of {@code POST projects/{id}/nlu/scores}. Cognigy's documentation shows a bare array of
 * {@code {id, name, score, negated, confirmationSentence, confirmationSentences, flow, ...}}, its API reference
 * {@code {"scores": [...]}}: both are read. Each score is joined with what the answer does not say — whether its intent
 * is a reject intent or disabled — from the flows' intent lists ({@link NluIntents}).
 */
final class NluScores {

    private NluScores() {
    }

    /**
     * Every scored intent, best first (ties keep the answer's order), judged by the target's thresholds: the scored flow's,
     * or an attached flow's own for its intents.
     */
    static IntentRanking ranking(JsonNode answer, NluTarget target) {
        JsonNode items = answer.isArray() ? answer : answer.path("scores");
        if (!items.isArray()) {
            throw new BackendException(BackendException.Kind.PROTOCOL, "the NLU scores answer is neither a list of scores nor"
                    + " an object with a 'scores' list");
        }
        List<IntentRanking.Score> scores = new ArrayList<>();
        for (JsonNode item : items) {
            JsonNode named = item.path("name");
            String name = named.isString() ? named.stringValue() : null;
            if (name == null || !item.path("score").isNumber()) {
                // Say which item and what it held: a score as text or null is the server's shape to report, not a guess to make.
                throw new BackendException(BackendException.Kind.PROTOCOL, "the NLU scores answer's item " + (name == null
                        ? "#" + (scores.size() + 1) + " has no intent name (" + shown(named) + ")"
                        : "for intent '" + ConsoleText.oneLine(Excerpt.of(name, 100)) + "' has the score " + shown(item.path("score")))
                        + ", where Cognigy gives each intent's name and a number from 0 to 1; no intent of this answer is taken");
            }
            double score = IntentScores.checked(item.path("score").asDouble(), "the NLU scores answer's intent '" + name + "'");
            String flow = item.path("flow").asString(null);
            scores.add(new IntentRanking.Score(name, score, item.path("negated").asBoolean(false), flow,
                    target.intents().roleOf(item.path("id").asString(null), flow, ComposedText.of(name)), target.thresholdsOf(flow),
                    confirmationSentence(item)));
        }
        scores.sort(Comparator.comparingDouble(IntentRanking.Score::score).reversed());
        return new IntentRanking(scores, target.thresholds().reconfirmation(), target.thresholds().confidence());
    }

    /**
     * What the bot asks back when the intent scores between its thresholds: {@code confirmationSentence}, else the first
     * of {@code confirmationSentences}; {@code null} for none (both {@code null} or empty, as for most intents).
     */
    static String confirmationSentence(JsonNode item) {
        JsonNode one = item.path("confirmationSentence");
        if (one.isString() && !one.stringValue().isBlank()) return one.stringValue();
        for (JsonNode sentence : item.path("confirmationSentences")) {
            if (sentence.isString() && !sentence.stringValue().isBlank()) return sentence.stringValue();
        }
        return null;
    }

    private static String shown(JsonNode value) {
        return value.isMissingNode() ? "none" : ConsoleText.oneLine(Excerpt.of(value.toString(), 40));
    }
}
