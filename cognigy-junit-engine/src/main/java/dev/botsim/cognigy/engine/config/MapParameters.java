package dev.botsim.cognigy.engine.config;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.platform.engine.ConfigurationParameters;

/**
 * Configuration parameters held in a map, as a launcher would hand them over: how a run's recorded settings are read
 * again outside a launcher ({@code merge}), and how tests give the engine its configuration.
 */
public record MapParameters(Map<String, String> values) implements ConfigurationParameters {

    @Override
    public Optional<String> get(String key) {
        return Optional.ofNullable(values.get(key));
    }

    @Override
    public Optional<Boolean> getBoolean(String key) {
        return get(key).map(Boolean::parseBoolean);
    }

    @Override
    public Set<String> keySet() {
        return values.keySet();
    }
}
