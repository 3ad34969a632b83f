package dev.botsim.cognigy.engine.config;

import static dev.botsim.cognigy.engine.config.Constants.BACKEND;
import static dev.botsim.cognigy.engine.config.Constants.PLAYBOOKS_ENTRYPOINT;
import static dev.botsim.cognigy.engine.config.Constants.PLAYBOOKS_FILE;
import static dev.botsim.cognigy.engine.config.Constants.PLAYBOOKS_FLOW;
import static dev.botsim.cognigy.engine.config.Constants.PLAYBOOKS_INCLUDE;
import static dev.botsim.cognigy.engine.config.Constants.PLAYBOOKS_LOCALE;
import static dev.botsim.cognigy.engine.config.Constants.PLAYBOOKS_MODE;

import java.nio.file.Path;
import java.util.Optional;

import org.junit.platform.engine.ConfigurationParameters;

/**
 * What {@code cognigy.backend=playbooks} runs: the playbooks selected by a name glob or a CLI-format
 * {@code playbooks.json}, and the flow, locale and entrypoint they run against when the file does not
 * name them. Read at discovery, which in this mode lists the project's playbooks.
 */
public record PlaybooksSettings(String include, Optional<Path> file, Optional<String> flow, Optional<String> locale,
                                Optional<String> entrypoint) {

    /** Whether the configuration asks for playbooks. */
    public static boolean chosen(ConfigurationParameters parameters) {
        return parameters.get(BACKEND).map(v -> v.trim().equalsIgnoreCase(BackendChoice.PLAYBOOKS.id())).orElse(false);
    }

    /**
     * Whether {@code cognigy.playbooks.mode} asks for generated playbooks; anything but {@code existing} or
     * {@code generated} is refused as the run's configuration refuses it, with the values it takes and the one likely meant.
     */
    public static boolean generated(ConfigurationParameters parameters) {
        return ParameterReader.choiceAlone(parameters, PLAYBOOKS_MODE, EngineConfig.PLAYBOOKS_MODES, "existing").equals("generated");
    }

    public static PlaybooksSettings read(ConfigurationParameters parameters) {
        return new PlaybooksSettings(value(parameters, PLAYBOOKS_INCLUDE).orElse("*"), value(parameters, PLAYBOOKS_FILE).map(Path::of),
                value(parameters, PLAYBOOKS_FLOW), value(parameters, PLAYBOOKS_LOCALE), value(parameters, PLAYBOOKS_ENTRYPOINT));
    }

    /** These settings selecting the playbooks {@code include} names instead (the classes that select them). */
    public PlaybooksSettings withInclude(String include) {
        return new PlaybooksSettings(include, Optional.empty(), flow, locale, entrypoint);
    }

    private static Optional<String> value(ConfigurationParameters parameters, String key) {
        return parameters.get(key).map(String::trim).filter(v -> !v.isEmpty());
    }
}
