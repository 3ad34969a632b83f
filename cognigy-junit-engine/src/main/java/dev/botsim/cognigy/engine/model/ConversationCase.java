package dev.botsim.cognigy.engine.model;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A multi-turn simulation: turns run in order in one bot session.
 *
 * @param id            test id, unique in the run
 * @param userId        user id, or {@code null} for the run's user of this conversation
 * @param platform      channel, or {@code null} for the engine default
 * @param data          data sent with every turn (Cognigy's {@code input.data}); each turn's own is merged over it
 * @param tags          tags, file defaults included
 * @param turns         the user's messages, at least one
 * @param position      where the conversation stands
 * @param locale        the locale the conversation is written in, or {@code null} for the backend's default
 * @param injectContext Cognigy context to set in the session before the first turn ({@code inject_context:})
 * @param repeat        how many times the whole conversation runs, each in a fresh session ({@code repeat:} of the
 *                      conversation or its file), or 0 for the run's {@code cognigy.repeat}
 * @param externalId    the conversation's id in a test-management tool ({@code external_id:}), shared by its turns, or
 *                      {@code null}
 */
public record ConversationCase(String id, String userId, String platform, Map<String, Object> data, Set<String> tags,
                               List<ConversationTurn> turns, SourcePosition position, String locale,
                               Map<String, Object> injectContext, int repeat, String externalId) {

    public ConversationCase {
        data = data == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(data));
        tags = tags == null ? Set.of() : java.util.Collections.unmodifiableSet(new java.util.LinkedHashSet<>(tags));
        turns = List.copyOf(turns);
        injectContext = injectContext == null || injectContext.isEmpty() ? Map.of()
                : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(injectContext));
    }

    /** A conversation without an external id. */
    public ConversationCase(String id, String userId, String platform, Map<String, Object> data, Set<String> tags,
                            List<ConversationTurn> turns, SourcePosition position, String locale,
                            Map<String, Object> injectContext, int repeat) {
        this(id, userId, platform, data, tags, turns, position, locale, injectContext, repeat, null);
    }

    /** A conversation without locale or context to inject. */
    public ConversationCase(String id, String userId, String platform, Map<String, Object> data, Set<String> tags,
                            List<ConversationTurn> turns, SourcePosition position) {
        this(id, userId, platform, data, tags, turns, position, null, null, 0);
    }

    /** The same conversation with more tags (a class's, for the files it names). */
    public ConversationCase withTags(Set<String> tags) {
        return new ConversationCase(id, userId, platform, data, tags, turns, position, locale, injectContext, repeat,
                externalId);
    }
}
