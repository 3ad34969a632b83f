package dev.botsim.cognigy.engine.execution;

import java.util.List;

import dev.botsim.cognigy.spi.Expectation;

/** A test whose expectations are known before it runs, so they can be checked against the bot's schema first. */
public interface DeclaresExpectations {

    List<Expectation> declaredExpectations();

    /** Whether the test is scored by the NLU ({@code mode: nlu}), which checks intents of single utterances only. */
    default boolean scoredByNlu() {
        return false;
    }
}
