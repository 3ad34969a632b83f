package dev.botsim.cognigy.engine.model;

import java.util.Map;
import java.util.Set;

import dev.botsim.cognigy.spi.Expectation;

/**
 * One single-turn simulation: an utterance and what the bot must do with it. Cases from
 * {@code utterances:} lists are expanded to one case each with ids {@code test_x[1]}, {@code test_x[2]}.
 *
 * @param id        test id, unique in the run
 * @param utterance trimmed text sent to the bot
 * @param userId    user id, or {@code null} for the engine default
 * @param platform  channel ({@code web}), or {@code null} for the engine default
 * @param context   session context sent with the message
 * @param expect    expectations
 * @param tags      tags of the case, file defaults included
 * @param position  where the case (for variants: the utterance) stands
 */
public record SimulationCase(String id, String utterance, String userId, String platform, Map<String, Object> context,
                             Expectation expect, Set<String> tags, SourcePosition position) {

    public SimulationCase {
        context = context == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(context));
        tags = tags == null ? Set.of() : java.util.Collections.unmodifiableSet(new java.util.LinkedHashSet<>(tags));
        expect = expect == null ? Expectation.NONE : expect;
    }
}
