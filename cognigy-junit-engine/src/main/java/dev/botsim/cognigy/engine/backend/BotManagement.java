package dev.botsim.cognigy.engine.backend;

import java.util.Map;
import java.util.Optional;

/**
 * What a backend that talks to the bot (the REST Endpoint) may ask of Cognigy's management API
 * about that bot. Kept apart from the management client so the endpoint backend does not depend on
 * how the management API is read.
 */
public interface BotManagement extends AutoCloseable {

    /**
     * The bot the endpoint serves, read once before the first test: its flows, intents and slots.
     * Fails the run (a {@link BackendException}) when the bot cannot be tested as configured.
     */
    BotSchema schema();

    /** The display name of the flow with this reference id, once {@link #schema()} has been read. */
    Optional<String> flowName(String referenceId);

    /**
     * Sets Cognigy context of a session before its first message
     * ({@code POST /new/v2.0/sessions/{sessionId}/context/inject}).
     */
    void injectContext(String sessionId, String userId, Map<String, Object> context);

    @Override
    void close();
}
