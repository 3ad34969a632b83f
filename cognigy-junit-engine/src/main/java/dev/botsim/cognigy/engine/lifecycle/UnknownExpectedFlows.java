package dev.botsim.cognigy.engine.lifecycle;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import dev.botsim.cognigy.engine.backend.BotSchema;
import dev.botsim.cognigy.engine.config.Constants;
import dev.botsim.cognigy.engine.support.ConsoleText;
import dev.botsim.cognigy.engine.support.Suggestions;

/**
 * The expected flows ({@code flows:}, {@code @BotSimulation(flows)}, {@code cognigy.flows}) that are not flows of the
 * bot, as the run's console warns of them before the first test: each where it is declared, with the bot's flow it
 * likely stands for and the fix. Such a flow can never be reached; it stays expected, so the flow coverage counts it as
 * never reached (its line marks it, "not a flow of the bot"), and {@code cognigy.coverage.minimum} judges the run with
 * it: the mistake can lower the figure, never raise it, so the run goes on and no test fails for it. Nothing is checked
 * when the backend knows no flow list ({@link BotSchema#knowsFlow}).
 */
final class UnknownExpectedFlows {

    /** Where a flow of {@code cognigy.flows} is declared. */
    static final String CONFIGURED = Constants.FLOWS;

    private final BotSchema schema;
    /** Each flow once per place it is declared: a class's nodes may name the same flow again. */
    private final Set<String> seen = new LinkedHashSet<>();
    private final List<String> warnings = new ArrayList<>();

    UnknownExpectedFlows(BotSchema schema) {
        this.schema = schema;
    }

    /** Notes {@code flow}, declared at {@code where}, when the bot's schema lists its flows and none is named so. */
    void check(String flow, String where) {
        if (flow == null || schema.knowsFlow(flow) || !seen.add(where + "\n" + flow)) return;
        // Each flow by its display name and its ids, any of which an expected flow may name, as next_flow's check lists them.
        Set<String> labels = schema.flowLabels().orElse(Set.of());
        String likely = Suggestions.didYouMean(flow, schema.flowNamesAndIds());
        warnings.add(ConsoleText.oneLine(where + ": expected flow " + flow + " is not a flow of the bot"
                + (likely.isEmpty() ? "." : likely) + " It can never be reached, so the flow coverage counts it as never"
                + " reached (and cognigy.coverage.minimum with it); write the flow's name or id as the bot has it (flows of the"
                + " bot: " + String.join(", ", labels) + ")"));
    }

    /** The warnings, in the order the flows were declared. */
    List<String> warnings() {
        return List.copyOf(warnings);
    }
}
