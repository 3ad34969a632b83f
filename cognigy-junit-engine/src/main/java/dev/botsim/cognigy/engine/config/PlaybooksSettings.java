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
     * {@code generated} is refused with the key and the values it takes.
     */
    public static boolean generated(ConfigurationParameters parameters) {
        String mode = value(parameters, PLAYBOOKS_MODE).orElse("existing");
        if (mode.equalsIgnoreCase("generated")) return true;
        if (mode.equalsIgnoreCase("existing")) return false;
        throw new ConfigurationException(PLAYBOOKS_MODE + "=" + mode + " is not a mode: set existing (the project's playbooks) or"
                + " generated (the run's cases compiled into temporary playbooks)");
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
