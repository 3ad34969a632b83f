package dev.botsim.cognigy.engine.execution;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import org.junit.platform.engine.UniqueId;

import dev.botsim.cognigy.engine.backend.TurnRequest;
import dev.botsim.cognigy.engine.config.UserScope;

/**
 * Turns a test's message into the request the backend sends: the test's own values, else the
 * run's defaults, with the message's idempotency key.
 *
 * <p>A test that names no user gets the user its {@link UserScope} gives: with {@code case} and {@code run} an id
 * derived from the run id (and the test or conversation), so every retry and every turn of one conversation
 * carries the same id, while another run gets another. Generated ids are {@code usr_} and hex digits, which every
 * backend accepts (the simulation API only takes {@code usr_[a-zA-Z0-9]+}).
 */
public record TurnRequests(String runId, String defaultUser, String defaultPlatform, IdempotencyKeys keys,
                           UserScope userScope) {

    /** Requests whose tests without a user all use {@code defaultUser}. */
    public TurnRequests(String runId, String defaultUser, String defaultPlatform, IdempotencyKeys keys) {
        this(runId, defaultUser, defaultPlatform, keys, UserScope.FIXED);
    }

    public TurnRequest of(TestMessage message) {
        return new TurnRequest(runId, message.testId(), message.turn(),
                message.userId() != null ? message.userId() : userOf(message.userOwner()),
                message.platform() != null ? message.platform() : defaultPlatform,
                message.text(), message.data(), message.sessionId(), keys.of(message.test(), message.turn()), message.locale(),
                message.injectContext(), message.mode(), message.test().toString());
    }

    /** The user of a test or conversation that names none. */
    String userOf(UniqueId owner) {
        return switch (userScope) {
            case FIXED -> defaultUser;
            case RUN -> "usr_" + hex(runId, 10);
            // The run's part first, so a run's users can be found together in Cognigy's contact profiles.
            case CASE -> "usr_" + hex(runId, 5) + hex(runId + '\n' + owner, 8);
        };
    }

    private static String hex(String text, int bytes) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
