package dev.botsim.cognigy.engine.backend;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.botsim.cognigy.annotations.Mode;

/**
 * One user message to send.
 *
 * @param runId          id of the run (its batch id), sent with the message as part of the test marker
 * @param testId         id of the test, sent for traceability
 * @param turn           the test's turn this message is, from 1
 * @param userId         user id
 * @param platform       channel ({@code web})
 * @param text           what the user says, or {@code null} for a data-only message (a quick-reply payload, a postback)
 * @param data           data sent with this message: Cognigy's {@code input.data}; the simulation API's context
 * @param sessionId      session to continue (conversations), or {@code null} for a fresh one
 * @param idempotencyKey key that makes a retried submission return the first simulation; stable per test
 * @param locale         the locale the test names ({@code de-DE}), or {@code null} for the backend's default
 * @param injectContext  Cognigy context to set in the session before this message (a conversation's first turn),
 *                       empty for none; unlike {@code data} it persists for the session
 * @param mode           {@link Mode#NLU} for a test scored by the NLU ({@code mode: nlu}) whatever the run's backend
 * @param test           the unique id of the test sending it, or {@code null} when unknown: what a cassette files the
 *                       exchange under ({@code cognigy.replay}); never sent
 */
public record TurnRequest(String runId, String testId, int turn, String userId, String platform, String text,
                          Map<String, Object> data, String sessionId, String idempotencyKey, String locale,
                          Map<String, Object> injectContext, Mode mode, String test) {

    public TurnRequest {
        // JSON data may hold nulls, which Map.copyOf refuses.
        data = data == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(data));
        injectContext = injectContext == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(injectContext));
        mode = mode == null ? Mode.FLOW : mode;
    }

    /** A request of a test not known by its unique id. */
    public TurnRequest(String runId, String testId, int turn, String userId, String platform, String text,
                       Map<String, Object> data, String sessionId, String idempotencyKey, String locale,
                       Map<String, Object> injectContext, Mode mode) {
        this(runId, testId, turn, userId, platform, text, data, sessionId, idempotencyKey, locale, injectContext, mode, null);
    }

    /** A request through the run's backend. */
    public TurnRequest(String runId, String testId, int turn, String userId, String platform, String text,
                       Map<String, Object> data, String sessionId, String idempotencyKey, String locale,
                       Map<String, Object> injectContext) {
        this(runId, testId, turn, userId, platform, text, data, sessionId, idempotencyKey, locale, injectContext, Mode.FLOW, null);
    }
}
