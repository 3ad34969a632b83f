package dev.botsim.cognigy.engine.execution;

/**
 * The bot, not the test, is wrong: the platform reported an error code on a turn (a flow that is
 * not deployed, an entity that does not exist) or the test names something the bot does not have.
 * Reported as outcome MISCONFIGURATION.
 */
public final class BotMisconfigurationError extends AssertionError {

    private static final long serialVersionUID = 1L;

    private final String code;

    BotMisconfigurationError(String code, String message) {
        super(message);
        this.code = code;
    }

    /** The error code ({@code FLOW_NOT_DEPLOYED}, {@code ENTITY_NOT_FOUND}, {@code UNKNOWN_ENTITY}, {@code UNKNOWN_FLOW}). */
    public String code() {
        return code;
    }
}
