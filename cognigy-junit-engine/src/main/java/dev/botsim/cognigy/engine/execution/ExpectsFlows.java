package dev.botsim.cognigy.engine.execution;

import java.util.List;

/** A container (class or data file) that names the flows its tests are expected to reach. */
public interface ExpectsFlows {

    List<String> expectedFlows();

    /** The bot label the container names ({@code bot:} in a file, {@code @BotSimulation(bot)}), or {@code null}. */
    default String botName() {
        return null;
    }
}
