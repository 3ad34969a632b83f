package dev.botsim.cognigy.engine.lifecycle;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

import dev.botsim.cognigy.engine.backend.BotSchema;
import dev.botsim.cognigy.engine.config.Constants;
import dev.botsim.cognigy.engine.support.ConsoleText;
import dev.botsim.cognigy.engine.support.Suggestions;

/**
 * The expected flows ({@code flows:}, {@code @BotSimulation(flows)}, {@code cognigy.flows}) that are not flows of the
 * bot, as the run's console warns of them before the first test: one warning for each place that declares any (a data
 * file, a class, {@code cognigy.flows}), naming each such flow where it is declared with the bot's flow it likely stands
 * for, then the fix and the bot's flows once — at most {@value #LISTED} of them by name, a bot of more said by their
 * number. Such a flow can never be reached; it stays expected, so the flow coverage counts it as never reached (its line
 * marks it, "not a flow of the bot"), and {@code cognigy.coverage.minimum} judges the run with it: the mistake can lower
 * the figure, never raise it, so the run goes on and no test fails for it. Nothing is checked when the backend knows no
 * flow list ({@link BotSchema#knowsFlow}).
 */
final class UnknownExpectedFlows {

    /** Where a flow of {@code cognigy.flows} is declared. */
    static final String CONFIGURED = Constants.FLOWS;

    /** How many of the bot's flows a warning names; a bot of more is said by their number and the first of them. */
    static final int LISTED = 20;

    private final BotSchema schema;
    /** Each flow once per place it is declared: a class's nodes may name the same flow again. */
    private final Set<String> seen = new LinkedHashSet<>();
    private final List<String> warnings = new ArrayList<>();

    UnknownExpectedFlows(BotSchema schema) {
        this.schema = schema;
    }

    /**
     * Notes the flows of one place that declares {@code flows} (a data file, a class, {@code cognigy.flows}) that are not
     * flows of the bot, when the bot's schema lists its flows: one warning for them all.
     *
     * @param where where each flow is declared ({@code orders.sim.yaml, line 4 (flows:)})
     */
    void check(Collection<String> flows, Function<String, String> where) {
        List<String> unknown = new ArrayList<>();
        for (String flow : flows) {
            if (flow == null || schema.knowsFlow(flow)) continue;
            String at = where.apply(flow);
            if (!seen.add(at + "\n" + flow)) continue;
            String likely = Suggestions.didYouMean(flow, schema.flowNamesAndIds());
            unknown.add(at + ": expected flow " + flow + " is not a flow of the bot" + (likely.isEmpty() ? "" : likely));
        }
        if (unknown.isEmpty()) return;
        String named = String.join("; ", unknown);
        if (!named.endsWith("?")) named += ".";
        warnings.add(ConsoleText.oneLine(named + (unknown.size() == 1 ? " It can never be reached, so the flow coverage counts"
                + " it as never reached (and cognigy.coverage.minimum with it); write the flow's name or id" : " They can never be"
                + " reached, so the flow coverage counts them as never reached (and cognigy.coverage.minimum with them); write"
                + " each flow's name or id") + " as the bot has it (" + botFlows() + ")"));
    }

    /** The bot's flows by their display names and ids, any of which an expected flow may name, as next_flow's check lists them. */
    private String botFlows() {
        List<String> labels = List.copyOf(schema.flowLabels().orElse(Set.of()));
        if (labels.size() <= LISTED) return "flows of the bot: " + String.join(", ", labels);
        return "the bot has " + labels.size() + " flows, e.g. " + String.join(", ", labels.subList(0, LISTED)) + ", …";
    }

    /** The warnings, in the order the flows were declared. */
    List<String> warnings() {
        return List.copyOf(warnings);
    }
}
