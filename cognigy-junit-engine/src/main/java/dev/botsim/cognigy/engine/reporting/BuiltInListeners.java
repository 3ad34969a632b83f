package dev.botsim.cognigy.engine.reporting;

import java.util.List;

import org.junit.platform.engine.ExecutionRequest;

import dev.botsim.cognigy.engine.config.EngineConfig;
import dev.botsim.cognigy.spi.SimulationListener;

/** The listeners every run has, before those registered by users. */
public final class BuiltInListeners {

    private BuiltInListeners() {
    }

    public static List<SimulationListener> create(EngineConfig config, ExecutionRequest request) {
        return List.of(new ConsoleSummary(System.out, config, java.time.Clock.systemUTC()));
    }
}
