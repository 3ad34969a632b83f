package dev.botsim.cognigy.engine.config;

import java.util.List;

/**
 * What the backend a configuration names lacks for the run's tests, one problem each (a missing key, the environment
 * variable of a missing secret, never its value): found without starting anything, so that the run reports them with
 * the configuration's other problems, in one message, before its first test. See {@code Backends.requirements}.
 */
@FunctionalInterface
public interface BackendRequirements {

    /** Asks nothing: the backend checks what it needs when it starts. */
    BackendRequirements NONE = (config, nluTests) -> List.of();

    /**
     * @param nluTests whether the run has tests in mode nlu, which Cognigy's NLU scores beside the backend: known only
     *                 once the tests are discovered
     */
    List<String> of(EngineConfig config, boolean nluTests);
}
