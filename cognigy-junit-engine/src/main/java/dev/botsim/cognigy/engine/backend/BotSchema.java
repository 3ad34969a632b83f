package dev.botsim.cognigy.engine.backend;

import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Collectors;

import dev.botsim.cognigy.spi.BotUnderTest;

/**
 * What the backend knows of the bot. Each set is empty when known to be empty and absent when the
 * backend cannot tell (then expectations naming them are not validated up front).
 *
 * @param unknown          what the backend could have told but could not, and why, or what makes the bot's answers
 *                         incomplete, one phrase each ("flows and intents unknown (GET /api/bot/info answered 404)",
 *                         "the endpoint uses the No NLU connector: ..."), for the run's summary
 * @param entityNamesExact whether entity names are compared exactly, as Cognigy names slots ({@code NUMBER} is not
 *                         {@code number}); else ignoring case, as the simulation API documents its entities
 * @param underTest        which deployment of the bot is tested, when the backend resolved it
 * @param flowsLastChanged when each flow of the live project was last changed, by flow name, as the management API's
 *                         flow list gives it (an ISO instant); empty when the bot is a snapshot (its id says all) or the
 *                         backend cannot tell. Edits inside a flow change nothing else the schema holds.
 */
public record BotSchema(Optional<Set<String>> entities, Optional<Set<String>> flows, Optional<Set<String>> intents,
                        List<String> unknown, boolean entityNamesExact, Optional<BotUnderTest> underTest,
                        SortedMap<String, String> flowsLastChanged) {

    public static final BotSchema UNKNOWN = new BotSchema(Optional.empty(), Optional.empty(), Optional.empty());

    public BotSchema {
        unknown = List.copyOf(unknown);
        flowsLastChanged = Collections.unmodifiableSortedMap(new TreeMap<>(flowsLastChanged));
    }

    public BotSchema(Optional<Set<String>> entities, Optional<Set<String>> flows, Optional<Set<String>> intents,
                     List<String> unknown, boolean entityNamesExact, Optional<BotUnderTest> underTest) {
        this(entities, flows, intents, unknown, entityNamesExact, underTest, new TreeMap<>());
    }

    public BotSchema(Optional<Set<String>> entities, Optional<Set<String>> flows, Optional<Set<String>> intents,
                     List<String> unknown) {
        this(entities, flows, intents, unknown, false, Optional.empty());
    }

    public BotSchema(Optional<Set<String>> entities, Optional<Set<String>> flows, Optional<Set<String>> intents) {
        this(entities, flows, intents, List.of());
    }

    /** This schema with entity names compared exactly, as Cognigy compares slot names. */
    public BotSchema withExactEntityNames() {
        return new BotSchema(entities, flows, intents, unknown, true, underTest, flowsLastChanged);
    }

    /** This schema of the deployment {@code bot}. */
    public BotSchema withUnderTest(BotUnderTest bot) {
        return new BotSchema(entities, flows, intents, unknown, entityNamesExact, Optional.of(bot), flowsLastChanged);
    }

    /** This schema with the live project's flows' last-change times, by flow name. */
    public BotSchema withFlowsLastChanged(Map<String, String> lastChanged) {
        return new BotSchema(entities, flows, intents, unknown, entityNamesExact, underTest, new TreeMap<>(lastChanged));
    }

    /**
     * Whether the bot defines this entity; {@code true} when unknown. Compared exactly when
     * {@link #entityNamesExact()}, else ignoring case.
     */
    public boolean knowsEntity(String name) {
        if (entityNamesExact) return entities.map(all -> all.contains(name)).orElse(true);
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
