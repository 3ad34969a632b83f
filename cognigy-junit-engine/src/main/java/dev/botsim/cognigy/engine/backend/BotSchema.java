package dev.botsim.cognigy.engine.backend;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What the backend knows of the bot. Each set is empty when known to be empty and absent when the
 * backend cannot tell (then expectations naming them are not validated up front).
 *
 * @param unknown what the backend could have told but could not, and why, one phrase each
 *                ("flows and intents unknown (GET /api/bot/info answered 404)"), for the run's summary
 */
public record BotSchema(Optional<Set<String>> entities, Optional<Set<String>> flows, Optional<Set<String>> intents,
                        java.util.List<String> unknown) {

    public static final BotSchema UNKNOWN = new BotSchema(Optional.empty(), Optional.empty(), Optional.empty());

    public BotSchema {
        unknown = java.util.List.copyOf(unknown);
    }

    public BotSchema(Optional<Set<String>> entities, Optional<Set<String>> flows, Optional<Set<String>> intents) {
        this(entities, flows, intents, java.util.List.of());
    }

    /** Whether the bot defines this entity, ignoring case; {@code true} when unknown. */
    public boolean knowsEntity(String name) {
        return entities.map(all -> lower(all).contains(name.toLowerCase(Locale.ROOT))).orElse(true);
    }

    /**
     * Whether the bot has this flow; {@code true} when unknown. Compared exactly, as a turn's flow
     * is compared with {@code next_flow}. An empty list counts as unknown: a bot without a flow
     * could not answer at all, so the list was left out, and judging by it would fail every test.
     */
    public boolean knowsFlow(String name) {
        return flows.filter(all -> !all.isEmpty()).map(all -> all.contains(name)).orElse(true);
    }

    private static Set<String> lower(Set<String> names) {
        return names.stream().map(n -> n.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
    }
}
