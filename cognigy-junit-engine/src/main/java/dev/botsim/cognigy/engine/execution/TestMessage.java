package dev.botsim.cognigy.engine.execution;

import java.util.Map;

import org.junit.platform.engine.UniqueId;

/**
 * One message a test sends, as the test states it: values the test leaves out ({@code null}) are
 * the run's defaults, filled in by {@link TurnRequests} with the idempotency key.
 *
 * @param test      the test sending it
 * @param turn      the test's turn this message is, from 1
 * @param testId    the id the message carries ({@code test_order_check}, {@code test_conv#2})
 * @param userId    the sender, or {@code null} for the run's default user
 * @param platform  the channel, or {@code null} for the run's default platform
 * @param text      what the user says, or {@code null} for a data-only message
 * @param data      data sent along with the message (Cognigy's {@code input.data})
 * @param sessionId the conversation's session, or {@code null} for a fresh one
 * @param locale    the locale the test names, or {@code null} for the backend's default
 */
public record TestMessage(UniqueId test, int turn, String testId, String text, String userId, String platform,
                          Map<String, Object> data, String sessionId, String locale) {

    /** Whether this is a single-turn test's message, which may have been started ahead of its test. */
    boolean mayHaveStartedAhead() {
        return turn == 1 && sessionId == null;
    }
}
