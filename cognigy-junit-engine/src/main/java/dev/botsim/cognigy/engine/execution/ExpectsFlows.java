package dev.botsim.cognigy.engine.execution;

import java.util.List;

/** A container (class or data file) that names the flows its tests are expected to reach. */
public interface ExpectsFlows {

    List<String> expectedFlows();

    /**
     * Where {@code flow}, one of {@link #expectedFlows()}, is declared, as a warning names it: a data file's name with the
     * line of its entry in {@code flows:}, a class's {@code @BotSimulation(flows)}.
     */
    String flowDeclaredAt(String flow);

    /** The bot label the container names ({@code bot:} in a file, {@code @BotSimulation(bot)}), or {@code null}. */
    default String botName() {
        return null;
    }
}
