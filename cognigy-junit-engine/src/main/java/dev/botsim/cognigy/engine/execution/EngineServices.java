package dev.botsim.cognigy.engine.execution;

import java.time.Clock;
import java.util.function.Function;

import dev.botsim.cognigy.engine.backend.Backend;
import dev.botsim.cognigy.engine.config.EngineConfig;

/**
 * What the engine takes from its surroundings, replaceable in tests: the environment variables
 * (where secrets come from), how a backend is made from the configuration, and the clock.
 */
public record EngineServices(Function<String, String> environment, Function<EngineConfig, Backend> backends,
                             Clock clock) {
}
