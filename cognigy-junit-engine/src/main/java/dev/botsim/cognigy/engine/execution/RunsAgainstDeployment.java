package dev.botsim.cognigy.engine.execution;

import dev.botsim.cognigy.spi.BotUnderTest;

/**
 * A container whose tests run against a deployment it knows itself rather than through the run's backend (a Cognigy
 * Playbook, scheduled with its own flow, locale and entrypoint). When the backend resolved none, the run's
 * {@code bot_under_test} is the one these containers share.
 */
public interface RunsAgainstDeployment {

    BotUnderTest deployment();
}
