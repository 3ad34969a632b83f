package dev.botsim.cognigy.annotations;

import static org.apiguardian.api.API.Status.STABLE;

import java.util.Map;

import org.apiguardian.api.API;

/**
 * The bot's answer to one {@link BotSession#say(String)}, with fluent expectations. A failed
 * expectation throws an assertion error showing expected and actual values and the bot's turns.
 *
 * <p>Implemented by the engine, which may add expectations: call it, do not implement it.
 */
@API(status = STABLE, since = "0.1")
public interface BotResponse {

    /** The raw result, for assertions of your own. */
    SimulationResult result();

    BotResponse expectIntent(String intent);

    BotResponse expectEntity(String name, String value);

    BotResponse expectNextFlow(String flow);

    BotResponse expectResponseContains(String text);

    /** Expects a turn to carry this error code (negative tests). */
    BotResponse expectErrorCode(String errorCode);

    /**
     * Expects each of these titles among the quick replies the bot offered (exact titles, any order; others may be
     * offered too).
     */
    BotResponse expectQuickReplies(String... titles);

    /** Expects each of these titles among the buttons the bot offered (exact titles, any order). */
    BotResponse expectButtons(String... titles);

    /**
     * Expects some output's data to contain {@code data}: objects are compared as subsets (the output may carry more
     * keys), recursively; scalars must be equal; each element of an expected list must match some element of the
     * actual list.
     */
    BotResponse expectData(Map<String, Object> data);
}
