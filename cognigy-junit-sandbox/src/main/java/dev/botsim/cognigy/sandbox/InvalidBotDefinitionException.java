package dev.botsim.cognigy.sandbox;

/** A bot definition that cannot be served; the message names the file, the line and the fix. */
public final class InvalidBotDefinitionException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public InvalidBotDefinitionException(String message) {
        super(message, null, false, false);
    }
}
