package dev.botsim.cognigy.engine.execution;

import java.util.Map;

import dev.botsim.cognigy.engine.backend.TurnRequest;

/**
 * Turns a test's message into the request the backend sends: the test's own values, else the
 * run's defaults, with the message's idempotency key.
 */
public record TurnRequests(String runId, String defaultUser, String defaultPlatform, IdempotencyKeys keys) {

    public TurnRequest of(TestMessage message) {
        return new TurnRequest(runId, message.testId(), message.turn(),
                message.userId() != null ? message.userId() : defaultUser,
                message.platform() != null ? message.platform() : defaultPlatform,
                message.text(), message.data(), message.sessionId(), keys.of(message.test(), message.turn()), message.locale(),
                Map.of());
    }
}
