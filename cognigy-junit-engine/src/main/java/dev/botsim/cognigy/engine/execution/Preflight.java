package dev.botsim.cognigy.engine.execution;

import java.util.Map;
import java.util.Optional;

import org.junit.platform.engine.UniqueId;

/**
 * The tests that cannot pass against this bot, found from its schema before anything was sent
 * (an expectation naming an entity or a {@code next_flow} the bot lacks), each with why.
 */
public record Preflight(Map<UniqueId, PreflightProblem> problems) {

    public Preflight {
        problems = Map.copyOf(problems);
    }

    /** Why the test cannot run against this bot, or empty. */
    Optional<PreflightProblem> problem(UniqueId test) {
        return Optional.ofNullable(problems.get(test));
    }
}
