package dev.botsim.cognigy.engine.backend.nlu;

import static dev.botsim.cognigy.engine.config.Constants.NLU_FLOW;
import static dev.botsim.cognigy.engine.config.Constants.NLU_LOCALE;
import static dev.botsim.cognigy.engine.config.Constants.NLU_TRAIN_FIRST;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import dev.botsim.cognigy.engine.config.ConfigurationException;

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

    /** Read from the run's {@code cognigy.*} parameters. */
    public static NluSettings of(Map<String, String> parameters) {
        String train = parameters.getOrDefault(NLU_TRAIN_FIRST, "false").trim().toLowerCase(Locale.ROOT);
        if (!train.equals("true") && !train.equals("false")) {
            throw new ConfigurationException(NLU_TRAIN_FIRST + "=" + train + " is not a boolean; use true or false");
        }
        return new NluSettings(value(parameters, NLU_FLOW), value(parameters, NLU_LOCALE), train.equals("true"));
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
