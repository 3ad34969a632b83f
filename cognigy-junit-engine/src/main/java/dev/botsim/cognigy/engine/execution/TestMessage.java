package dev.botsim.cognigy.engine.execution;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.platform.engine.UniqueId;

import dev.botsim.cognigy.annotations.Mode;

/**
 * One message a test sends, as the test states it: values the test leaves out ({@code null}) are
 * the run's defaults, filled in by {@link TurnRequests} with the idempotency key.
 *
 * @param test          the test sending it
 * @param turn          the test's turn this message is, from 1
 * @param testId        the id the message carries ({@code test_order_check}, {@code test_conv#2})
 * @param text          what the user says, or {@code null} for a data-only message
 * @param userId        the sender, or {@code null} for the run's user of {@code userOwner}
 * @param platform      the channel, or {@code null} for the run's default platform
 * @param data          data sent along with the message (Cognigy's {@code input.data})
 * @param sessionId     the conversation's session, or {@code null} for a fresh one
 * @param locale        the locale the test names, or {@code null} for the backend's default
 * @param injectContext Cognigy context to set in the session before this message (a conversation's first turn),
 *                      empty for none
 * @param userOwner     what one generated user id stands for: the test, or the data-file conversation whose turns
 *                      all come from one user ({@code cognigy.endpoint.user-scope=case})
 * @param mode          through the run's backend, or scored by the NLU ({@code mode: nlu})
 */
public record TestMessage(UniqueId test, int turn, String testId, String text, String userId, String platform,
                          Map<String, Object> data, String sessionId, String locale, Map<String, Object> injectContext,
                          UniqueId userOwner, Mode mode) {

    public TestMessage {
        // JSON data may hold nulls, which Map.copyOf refuses.
        data = data == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(data));
        injectContext = injectContext == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(injectContext));
        userOwner = userOwner == null ? test : userOwner;
        mode = mode == null ? Mode.FLOW : mode;
    }

    /** A message through the run's backend. */
    public TestMessage(UniqueId test, int turn, String testId, String text, String userId, String platform,
                       Map<String, Object> data, String sessionId, String locale, Map<String, Object> injectContext,
                       UniqueId userOwner) {
        this(test, turn, testId, text, userId, platform, data, sessionId, locale, injectContext, userOwner, Mode.FLOW);
    }

    /** A message of a test that is its own user, with no context to inject. */
    public TestMessage(UniqueId test, int turn, String testId, String text, String userId, String platform,
                       Map<String, Object> data, String sessionId, String locale) {
        this(test, turn, testId, text, userId, platform, data, sessionId, locale, Map.of(), test);
    }

    /** Whether this is a single-turn test's message, which may have been started ahead of its test. */
    boolean mayHaveStartedAhead() {
        return turn == 1 && sessionId == null;
    }

    /** The message as names, reports and failures show it: its text, or its data for a data-only message. */
    public String shown() {
        return MessageLabel.of(text, data);
    }
}
