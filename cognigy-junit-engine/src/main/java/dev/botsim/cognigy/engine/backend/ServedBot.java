package dev.botsim.cognigy.engine.backend;

import java.util.Optional;

import dev.botsim.cognigy.engine.config.Constants;
import dev.botsim.cognigy.spi.BotUnderTest;

/**
 * What a backend sending to one of the bot's endpoints (a REST or a Socket Endpoint) knows of the bot that endpoint
 * serves: through the management API, when it is configured, the bot's schema (checked before sending), the display
 * names of its flows, the locale it serves, and context injected into a session; without it, only the locale the embedded
 * sandbox's bot is known to serve. One piece both endpoint backends share, so that they judge a suite alike.
 */
public final class ServedBot implements AutoCloseable {

    /**
     * The locale an endpoint serves and who says so, as a message shows it after the locale.
     *
     * @param whoSays {@code " (as the management API says)"} or {@code " (the sandbox bot's locale)"}
     */
    public record Served(String locale, String whoSays) {
    }

    /** How a locale the management API gave is said to be known. */
    private static final String MANAGEMENT_SAYS = " (as the management API says)";

    private final Optional<BotManagement> management;
    private final Optional<String> knownLocale;

    /**
     * @param management  where the bot's flows, intents and slots are read from, if configured
     * @param knownLocale the locale the endpoint serves when it is known without the management API (the embedded
     *                    sandbox's bot's); the management API's answer, when there is one, wins
     */
    public ServedBot(Optional<BotManagement> management, Optional<String> knownLocale) {
        this.management = management;
        this.knownLocale = knownLocale;
    }

    /** The management API, when it is configured: an answer's {@code intentFlow} is named through it. */
    public Optional<BotManagement> management() {
        return management;
    }

    /**
     * The bot as the management API describes it, read once before the first test; unknown without it, and
     * expectations are then checked when the answers come.
     */
    public BotSchema schema() {
        return management.map(BotManagement::schema).orElse(BotSchema.UNKNOWN);
    }

    /**
     * The locale the endpoint serves, when known: the management API's answer, else the one known without it. Empty
     * when the schema cannot be read: the run's own read of it, before the first test, says why.
     */
    public Optional<Served> servedLocale() {
        if (management.isEmpty()) return knownLocale.map(locale -> new Served(locale, " (the sandbox bot's locale)"));
        String served;
        try {
            served = management.get().schema().underTest().map(BotUnderTest::locale).orElse(knownLocale.orElse(null));
        } catch (RuntimeException unreadable) {
            return Optional.empty();
        }
        return Optional.ofNullable(served).map(locale -> new Served(locale, MANAGEMENT_SAYS));
    }

    /**
     * The locale a locale's own endpoint serves (the one with URL token {@code urlToken}), when the management API says;
     * empty without it, or when it cannot tell.
     */
    public Optional<Served> servedLocale(String urlToken) {
        return management.flatMap(api -> api.localeServedBy(urlToken)).map(locale -> new Served(locale, MANAGEMENT_SAYS));
    }

    /**
     * Sets the session's Cognigy context before its message, through the management API, when the test injects any. A
     * failure of it, however far the inject got, comes before the message leaves: the bot never got the message.
     */
    public void injectContext(TurnRequest request, String sessionId) {
        if (request.injectContext().isEmpty()) return;
        BotManagement api = management.orElseThrow(() -> new BackendException(BackendException.Kind.CONFIGURATION,
                "test " + request.testId() + " injects Cognigy context (inject_context), which needs the management API:"
                        + " set " + Constants.MANAGEMENT_URL + ", " + Constants.MANAGEMENT_PROJECT_ID + " and the environment"
                        + " variable " + Constants.MANAGEMENT_API_KEY_ENV + " (see docs/real-cognigy.md)").withMessageUnsent());
        try {
            api.injectContext(sessionId, request.userId(), request.injectContext());
        } catch (BackendException e) {
            throw e.withMessageUnsent();
        }
    }

    @Override
    public void close() {
        management.ifPresent(BotManagement::close);
    }
}
