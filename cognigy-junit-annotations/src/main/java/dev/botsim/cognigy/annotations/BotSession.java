package dev.botsim.cognigy.annotations;

import static org.apiguardian.api.API.Status.STABLE;

import java.util.Map;

import org.apiguardian.api.API;

/**
 * A conversation with the bot for a {@link Conversation} test: every {@link #say(String)} is one
 * turn in the same session, so the bot keeps its state between them.
 *
 * <p>A session serves only while its {@code @Conversation} method runs: messages go one at a time, in the order they
 * are made, whichever threads make them, and one made after the method returned throws {@link IllegalStateException}
 * and sends nothing. A method that returns without sending anything fails its test.
 *
 * <p>Implemented by the engine, which may add methods: call it, do not implement it.
 */
@API(status = STABLE, since = "0.1")
public interface BotSession {

    /** Sends {@code text} and waits for the bot's answer. */
    BotResponse say(String text);

    /** Sends {@code text} with session data ({@code data} in Cognigy terms, {@code context} in the simulation API). */
    BotResponse say(String text, Map<String, Object> data);

    /**
     * Sends data without text, as a postback or a quick reply with a data payload does ({@code input.data} in
     * Cognigy, {@code input.text} empty), and waits for the bot's answer.
     */
    BotResponse send(Map<String, Object> data);

    /**
     * Clicks a quick reply or button the bot offered in its previous answer, found by its exact title (quick
     * replies first, then buttons, then the buttons of its gallery cards), as Cognigy's Webchat does: the choice's
     * payload is sent as the message text, or its title when it has no payload. A link button ({@code web_url}) opens a
     * page and a {@code phone_number} button starts a call, and neither sends anything, so clicking one is an error; so
     * is a title offered for several choices that send different payloads, since which one is meant is not said.
     *
     * @throws AssertionError when the previous answer offered no choice with this title (it lists those offered), when
     *                        the choice sends nothing, or when the title is ambiguous
     */
    BotResponse click(String title);

    /** The id the backend knows this session by. */
    String sessionId();
}
