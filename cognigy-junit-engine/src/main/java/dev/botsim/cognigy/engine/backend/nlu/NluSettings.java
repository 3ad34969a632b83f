package dev.botsim.cognigy.engine.backend.nlu;

import static dev.botsim.cognigy.engine.config.Constants.NLU_FLOW;
import static dev.botsim.cognigy.engine.config.Constants.NLU_LOCALE;

import java.util.Map;
import java.util.Optional;

import dev.botsim.cognigy.engine.config.EngineConfig;
import dev.botsim.cognigy.engine.config.MapParameters;

/**
 * What the {@code nlu} backend scores against.
 *
 * @param flow       {@code cognigy.nlu.flow}: a flow's name or reference id; empty for the endpoint's flow
 * @param locale     {@code cognigy.nlu.locale}: a locale's name or reference id; empty for the endpoint's locale
 * @param trainFirst {@code cognigy.nlu.train-first}: train an out-of-date model instead of failing the run
 */
public record NluSettings(Optional<String> flow, Optional<String> locale, boolean trainFirst) {

    public static NluSettings defaults() {
        return new NluSettings(Optional.empty(), Optional.empty(), false);
    }

    /**
     * Read from the run's {@code cognigy.*} parameters; {@code train-first} by the rule the run's configuration reads it
     * with, so a value that is neither {@code true} nor {@code false} is refused in the same words and a blank one is unset.
     */
    public static NluSettings of(Map<String, String> parameters) {
        return new NluSettings(value(parameters, NLU_FLOW), value(parameters, NLU_LOCALE),
                EngineConfig.trainFirst(new MapParameters(parameters)));
    }

    private static Optional<String> value(Map<String, String> parameters, String key) {
        return Optional.ofNullable(parameters.get(key)).map(String::trim).filter(v -> !v.isEmpty());
    }

    public NluSettings withFlow(String flow) {
        return new NluSettings(Optional.of(flow), locale, trainFirst);
    }

    public NluSettings withLocale(String locale) {
        return new NluSettings(flow, Optional.of(locale), trainFirst);
    }

    public NluSettings withTrainFirst(boolean trainFirst) {
        return new NluSettings(flow, locale, trainFirst);
    }
}
