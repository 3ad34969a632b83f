package dev.botsim.cognigy.engine.execution;

/**
 * A test whose one message does not depend on anything else in the run, so the run may send it
 * before the test runs (see {@link Dispatcher#startAhead}); the test then only awaits its answer.
 * Conversation turns are not: each depends on the one before.
 */
public interface StartsAhead {

    /** The message this test sends; asked for when its turn in the pipeline comes, not before. */
    TestMessage message();
}
