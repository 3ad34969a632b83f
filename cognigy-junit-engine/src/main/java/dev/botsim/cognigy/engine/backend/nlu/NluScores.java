package dev.botsim.cognigy.engine.backend.nlu;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import dev.botsim.cognigy.engine.backend.BackendException;
import dev.botsim.cognigy.engine.backend.IntentRanking;
import dev.botsim.cognigy.engine.backend.IntentScores;
import tools.jackson.databind.JsonNode;

/**
 * Reads the answer of {@code POST projects/{id}/nlu/scores}. Cognigy's documentation shows a bare array of
 * {@code {id, name, score, negated, flow, ...}}, its API reference {@code {"scores": [...]}}: both are read.
 */
final class NluScores {

    private NluScores() {
    }

    /** Every scored intent, best first (ties keep the answer's order). */
    static IntentRanking ranking(JsonNode answer, double threshold) {
        JsonNode items = answer.isArray() ? answer : answer.path("scores");
        if (!items.isArray()) {
            throw new BackendException(BackendException.Kind.PROTOCOL, "the NLU scores answer is neither a list of scores nor"
                    + " an object with a 'scores' list");
        }
        List<IntentRanking.Score> scores = new ArrayList<>();
        for (JsonNode item : items) {
            String name = item.path("name").asString(null);
            if (name == null || !item.path("score").isNumber()) {
                throw new BackendException(BackendException.Kind.PROTOCOL, "an NLU score has no name or no numeric score");
            }
            double score = IntentScores.checked(item.path("score").asDouble(), "the NLU scores answer's intent '" + name + "'");
            scores.add(new IntentRanking.Score(name, score, item.path("negated").asBoolean(false),
                    item.path("flow").asString(null)));
        }
        scores.sort(Comparator.comparingDouble(IntentRanking.Score::score).reversed());
        return new IntentRanking(scores, threshold);
    }
}
