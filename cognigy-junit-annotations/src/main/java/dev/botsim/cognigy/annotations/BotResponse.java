package dev.botsim.cognigy.annotations;

/**
 * The bot's answer to one {@link BotSession#say(String)}, with fluent expectations. A failed
 * expectation throws an assertion error showing expected and actual values and the bot's turns.
 */
public interface BotResponse {

    /** The raw result, for assertions of your own. */
    SimulationResult result();

    BotResponse expectIntent(String intent);

    BotResponse expectEntity(String name, String value);

    BotResponse expectNextFlow(String flow);

    BotResponse expectResponseContains(String text);

    /** Expects a turn to carry this error code (negative tests). */
    BotResponse expectErrorCode(String errorCode);
}
