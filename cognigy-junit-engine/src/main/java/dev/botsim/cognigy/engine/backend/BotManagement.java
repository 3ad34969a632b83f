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

    /**
     * The locale (its language tag, {@code de-DE}) the project's endpoint with URL token {@code urlToken} serves: a
     * locale's own endpoint ({@code COGNIGY_ENDPOINT_URL_DE_DE}) beside the one {@link #schema()} describes. Empty when
     * the project lists no endpoint with that token, its locale gives no language, or the API could not say: then nothing
     * is known of it, as without the management API. Read once per token.
     */
    Optional<String> localeServedBy(String urlToken);

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
