package dev.botsim.cognigy.engine.backend;

import java.util.Map;

/**
 * One user message to send.
 *
 * @param testId         id of the test, sent for traceability
 * @param userId         user id
 * @param platform       channel ({@code web})
 * @param text           the message
 * @param context        session context / data
 * @param sessionId      session to continue (conversations), or {@code null} for a fresh one
 * @param idempotencyKey key that makes a retried submission return the first simulation; stable per test
 */
public record TurnRequest(String testId, String userId, String platform, String text, Map<String, Object> context,
                          String sessionId, String idempotencyKey) {

    public TurnRequest {
        context = context == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(context));
    }
}
