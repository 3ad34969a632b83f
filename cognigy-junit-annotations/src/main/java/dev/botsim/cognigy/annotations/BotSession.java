package dev.botsim.cognigy.annotations;

import java.util.Map;

/**
 * A conversation with the bot for a {@link Conversation} test: every {@link #say(String)} is one
 * turn in the same session, so the bot keeps its state between them.
 */
public interface BotSession {

    /** Sends {@code text} and waits for the bot's answer. */
    BotResponse say(String text);

    /** Sends {@code text} with session data ({@code data} in Cognigy terms, {@code context} in the simulation API). */
    BotResponse say(String text, Map<String, Object> data);

    /** The id the backend knows this session by. */
    String sessionId();
}
