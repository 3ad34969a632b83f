package dev.botsim.cognigy.annotations;

import static org.apiguardian.api.API.Status.STABLE;

import java.util.Map;

import org.apiguardian.api.API;

/**
 * A conversation with the bot for a {@link Conversation} test: every {@link #say(String)} is one
 * turn in the same session, so the bot keeps its state between them.
 *
 * <p>Implemented by the engine, which may add methods: call it, do not implement it.
 */
@API(status = STABLE, since = "0.1")
public interface BotSession {

    /** Sends {@code text} and waits for the bot's answer. */
    BotResponse say(String text);

    /** Sends {@code text} with session data ({@code data} in Cognigy terms, {@code context} in the simulation API). */
    BotResponse say(String text, Map<String, Object> data);

    /** The id the backend knows this session by. */
    String sessionId();
}
