package dev.botsim.cognigy.engine.lifecycle;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import org.junit.platform.engine.ConfigurationParameters;

import dev.botsim.cognigy.engine.config.EngineConfig;

/**
 * The configuration as read once, at discovery: the {@link EngineConfig}, or what reading it failed
 * with (a {@link dev.botsim.cognigy.engine.config.ConfigurationException} listing every problem).
 *
 * <p>Read at discovery but never thrown there: an IDE listing the tests must not fail over
 * settings that only matter when they run. The failure is thrown when the run starts, before the
 * first test; until then it only keeps JUnit from building a worker pool out of refused values.
 */
public final class CheckedConfiguration {

    private final EngineConfig config;
    private final RuntimeException problem;

    private CheckedConfiguration(EngineConfig config, RuntimeException problem) {
        this.config = config;
        this.problem = problem;
    }

    /** @param requirements what the backend the configuration names lacks, reported with its other problems */
    public static CheckedConfiguration read(ConfigurationParameters parameters, Function<String, String> environment,
                                            Function<EngineConfig, List<String>> requirements) {
        try {
            return new CheckedConfiguration(EngineConfig.read(parameters, environment, requirements), null);
        } catch (RuntimeException e) {
            // A ConfigurationException, or whatever else reading failed with: reported by the engine node.
            return new CheckedConfiguration(null, e);
        }
    }

    /** The configuration, when it has no problem. */
    public Optional<EngineConfig> valid() {
        return Optional.ofNullable(config);
    }

    /** The configuration; throws what reading it failed with, the message listing every problem. */
    EngineConfig orThrow() {
        if (problem != null) throw problem;
        return config;
    }
}
