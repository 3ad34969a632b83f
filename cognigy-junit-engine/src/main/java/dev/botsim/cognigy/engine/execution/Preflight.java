package dev.botsim.cognigy.engine.execution;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.platform.engine.UniqueId;

import dev.botsim.cognigy.engine.backend.BotSchema;
import dev.botsim.cognigy.engine.support.ConsoleText;
import dev.botsim.cognigy.spi.Expectation;
import dev.botsim.cognigy.engine.support.Suggestions;

/**
 * The tests that cannot pass against this bot, found from its schema before anything was sent
 * (an expectation naming an entity or a {@code next_flow} the bot lacks), each with why.
 *
 * <p>Expected intents are not refused here: a tenant's intent list, read through the management API, may leave out
 * intents the bot recognises (those of flows attached to attached flows), so only the answer decides. A failed intent
 * expectation is explained with the list instead ({@link #unlistedIntent}).
 *
 * @param intents the intents the bot's schema lists; empty when the backend does not know them
 * @param schema  the bot's schema, by which a {@code next_flow} naming a flow by its display name or an id is
 *                matched with the flow an answer names
 */
public record Preflight(Map<UniqueId, PreflightProblem> problems, Set<String> intents, BotSchema schema) {

    public Preflight {
        problems = Map.copyOf(problems);
        intents = Set.copyOf(intents);
    }

    public Preflight(Map<UniqueId, PreflightProblem> problems, Set<String> intents) {
        this(problems, intents, BotSchema.UNKNOWN);
    }

    /**
     * Why an expected intent may never be recognised: it is not among those the bot's schema lists, with the likely
     * one for a misspelling or a difference of case; empty when the schema lists it or lists none.
     */
    Optional<String> unlistedIntent(String expected) {
        if (expected == null || intents.isEmpty() || intents.contains(expected)) return Optional.empty();
        return Optional.of(ConsoleText.oneLine("intent '" + expected + "' is not among the " + intents.size() + " intents the bot lists"
                + Suggestions.didYouMean(expected, intents)));
    }

    /**
     * Why an expectation set while the test ran (a {@code @Conversation}'s {@code expectNextFlow}, {@code expectEntity})
     * may never hold: it names an entity or flow the bot's schema does not have, with the likely one; empty otherwise.
     * Expectations known before the run never get here: the run refuses them up front ({@link PreflightProblem#of}).
     */
    Optional<String> unknownNames(Expectation expected) {
        return PreflightProblem.unknownNames(schema, List.of(expected)).map(ConsoleText::oneLine);
    }

    /** Why the test cannot run against this bot, or empty. */
    Optional<PreflightProblem> problem(UniqueId test) {
        return Optional.ofNullable(problems.get(test));
    }
}
