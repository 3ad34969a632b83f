package dev.botsim.cognigy.engine.config;

import java.util.List;

/**
 * The engine cannot run with the configuration given. Reported once for the whole run, so it
 * carries no stack trace: the message says what to set, and that is all the user needs.
 */
public final class ConfigurationException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ConfigurationException(String message) {
        super(message, null, false, false);
    }

    /** The run's one message: every problem of its configuration, one a line, and where settings come from. */
    public static ConfigurationException misconfigured(List<String> problems) {
        return new ConfigurationException("The cognigy engine is misconfigured:\n  - "
                + String.join("\n  - ", problems)
                // JUnit does not say where a parameter was set: the message names every place it can be.
                + "\nSettings come from src/test/resources/junit-platform.properties, -D system properties and Surefire's"
                + " <configurationParameters>; see the configuration reference in docs/configuration.md.");
    }
}
