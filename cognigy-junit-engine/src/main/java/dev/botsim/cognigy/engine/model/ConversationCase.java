package dev.botsim.cognigy.engine.model;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A multi-turn simulation: turns run in order in one bot session.
 *
 * @param id       test id, unique in the run
 * @param userId   user id, or {@code null} for the engine default
 * @param platform channel, or {@code null} for the engine default
 * @param context  context sent with every turn
 * @param tags     tags, file defaults included
 * @param turns    the user's messages, at least one
 * @param position where the conversation stands
 */
public record ConversationCase(String id, String userId, String platform, Map<String, Object> context, Set<String> tags,
                               List<ConversationTurn> turns, SourcePosition position) {

    public ConversationCase {
        context = context == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(context));
        tags = tags == null ? Set.of() : java.util.Collections.unmodifiableSet(new java.util.LinkedHashSet<>(tags));
        turns = List.copyOf(turns);
    }
}
