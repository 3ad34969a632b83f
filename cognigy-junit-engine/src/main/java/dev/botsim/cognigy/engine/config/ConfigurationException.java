package dev.botsim.cognigy.engine.config;

/**
 * The engine cannot run with the configuration given. Reported once for the whole run, so it
 * carries no stack trace: the message says what to set, and that is all the user needs.
 */
public final class ConfigurationException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ConfigurationException(String message) {
        super(message, null, false, false);
    }
}
