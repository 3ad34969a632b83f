package dev.botsim.cognigy.engine.backend;

import dev.botsim.cognigy.engine.config.ConfigurationException;
import dev.botsim.cognigy.engine.config.EngineConfig;

/** Makes the backend the configuration asks for. */
public final class Backends {

    private Backends() {
    }

    public static Backend create(EngineConfig config) {
        throw new ConfigurationException("backend " + config.backend() + " is not available yet");
    }
}
