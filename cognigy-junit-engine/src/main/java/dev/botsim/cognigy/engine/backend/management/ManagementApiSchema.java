package dev.botsim.cognigy.engine.backend.management;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

import dev.botsim.cognigy.engine.backend.BackendException;
import dev.botsim.cognigy.engine.backend.BackendInterruptedException;
import dev.botsim.cognigy.engine.backend.BotManagement;
import dev.botsim.cognigy.engine.backend.BotSchema;
import dev.botsim.cognigy.engine.config.Constants;
import dev.botsim.cognigy.engine.config.HttpSettings;
import dev.botsim.cognigy.engine.config.RetrySettings;
import dev.botsim.cognigy.engine.config.Secrets;
import dev.botsim.cognigy.engine.support.Secret;
import dev.botsim.cognigy.engine.transport.Sleeper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The bot under test as Cognigy's management API describes it: resolved from the REST endpoint's URL
 * token to the flow, attached flows, lexicons, locale and snapshot that endpoint serves (see
 * {@link BotReader}), so expectations can be checked before running and coverage has its
 * denominators; the display names of flows by reference id; and context injection into a session.
 * Authenticates with {@code X-API-Key} and stays within the shared-SaaS rate limit.
 */
public final class ManagementApiSchema implements BotManagement {

    /** Largest page read: 100 items of a few KiB each fit many times over. */
    static final long MAX_PAGE = ManagementClient.MAX_PAGE;

    /**
     * @param apiUrl           management API base, e.g. {@code https://api-trial.cognigy.ai}
     * @param apiKey           the API key (from {@code COGNIGY_API_KEY})
     * @param projectId        the project whose flows and lexicons are read
     * @param endpointToken    the URL token of the endpoint under test (REST or Socket); without it, every flow of the project is read
     * @param expectedSnapshot the snapshot (name or id) the endpoint must serve ({@code cognigy.expected-snapshot})
     * @param http             time limits of each request
     * @param retry            the longest single {@code Retry-After} honoured
     * @param clock            time source of the request budget and HTTP-date {@code Retry-After}, replaceable in tests
     * @param sleeper          how the budget and retries wait, replaceable in tests
     * @param callsInFlight    most calls the run sends at once: as many connections are kept open between them
     * @param secrets          the run's secrets, masked in every message besides the key and token above: a tenant's
     *                         refusal may quote any endpoint's URL token, a locale's too ({@link Secrets#mask})
     * @param unlistedSlots    slots the bot's flows fill that the API lists nowhere, taken for the bot's
     *                         ({@code cognigy.management.unlisted-slots})
     * @param endpointKind     the kind of endpoint {@code endpointToken} names: a REST or a Socket Endpoint
     */
    public record Settings(String apiUrl, Secret apiKey, String projectId, Optional<Secret> endpointToken,
                           Optional<String> expectedSnapshot, HttpSettings http, RetrySettings retry, Clock clock, Sleeper sleeper,
                           int callsInFlight, Secrets secrets, List<String> unlistedSlots, EndpointKind endpointKind) {

        public Settings {
            unlistedSlots = List.copyOf(unlistedSlots);
        }

        /** The project {@code projectId} at {@code apiUrl}; everything else as by default. */
        public static Settings of(String apiUrl, Secret apiKey, String projectId) {
            return new Settings(apiUrl, apiKey, projectId, Optional.empty(), Optional.empty(), HttpSettings.defaults(),
                    RetrySettings.defaults(), Clock.systemUTC(), Sleeper.SYSTEM, 1, Secrets.none(),
                    List.of(), EndpointKind.REST);
        }

        /** These settings for the bot the REST endpoint with URL token {@code token} serves. */
        public Settings withEndpointToken(Secret token) {
            return withEndpointToken(token, EndpointKind.REST);
        }

        /**
         * These settings for the bot the endpoint of {@code kind} with URL token {@code token} serves: an endpoint of
         * another kind's channel fails the read.
         */
        public Settings withEndpointToken(Secret token, EndpointKind kind) {
            return new Settings(apiUrl, apiKey, projectId, Optional.of(token), expectedSnapshot, http, retry, clock, sleeper, callsInFlight, secrets,
                    unlistedSlots, kind);
        }

        public Settings withExpectedSnapshot(Optional<String> expectedSnapshot) {
            return new Settings(apiUrl, apiKey, projectId, endpointToken, expectedSnapshot, http, retry, clock, sleeper, callsInFlight, secrets,
                    unlistedSlots, endpointKind);
        }

        public Settings withHttp(HttpSettings http) {
            return new Settings(apiUrl, apiKey, projectId, endpointToken, expectedSnapshot, http, retry, clock, sleeper, callsInFlight, secrets,
                    unlistedSlots, endpointKind);
        }

        public Settings withRetry(RetrySettings retry) {
            return new Settings(apiUrl, apiKey, projectId, endpointToken, expectedSnapshot, http, retry, clock, sleeper, callsInFlight, secrets,
                    unlistedSlots, endpointKind);
        }

        public Settings withClock(Clock clock) {
            return new Settings(apiUrl, apiKey, projectId, endpointToken, expectedSnapshot, http, retry, clock, sleeper, callsInFlight, secrets,
                    unlistedSlots, endpointKind);
        }

        public Settings withSleeper(Sleeper sleeper) {
            return new Settings(apiUrl, apiKey, projectId, endpointToken, expectedSnapshot, http, retry, clock, sleeper, callsInFlight, secrets,
                    unlistedSlots, endpointKind);
        }

        /** These settings, masking {@code secrets} in messages too. */
        public Settings withSecrets(Secrets secrets) {
            return new Settings(apiUrl, apiKey, projectId, endpointToken, expectedSnapshot, http, retry, clock, sleeper, callsInFlight, secrets,
                    unlistedSlots, endpointKind);
        }

        /** These settings, taking {@code unlistedSlots} for slots of the bot though the API lists none of them. */
        public Settings withUnlistedSlots(List<String> unlistedSlots) {
            return new Settings(apiUrl, apiKey, projectId, endpointToken, expectedSnapshot, http, retry, clock, sleeper, callsInFlight, secrets,
                    unlistedSlots, endpointKind);
        }

        /** As many calls at once as the run may send (NLU scores go out {@code max-concurrency} at a time). */
        public Settings withCallsInFlight(int callsInFlight) {
            return new Settings(apiUrl, apiKey, projectId, endpointToken, expectedSnapshot, http, retry, clock, sleeper, callsInFlight, secrets,
                    unlistedSlots, endpointKind);
        }
    }

    /**
     * Said with an entity the schema does not know: Cognigy fills {@code input.slots} from more than the lexicon slots,
     * system slots and slot fillers the API lists, and the user is the one who can tell the engine so.
     */
    static final String UNLISTED_SLOTS_FIX = "a slot a Regex Slot Filler node or a Code node fills is listed nowhere in the"
            + " management API: name it in " + Constants.MANAGEMENT_UNLISTED_SLOTS;

    private final Settings settings;
    private final ManagementClient api;
    private final ManagementReads reads;
    private volatile BotReader.Read read;
    private volatile BotSchema schema;
    /** The locale each other endpoint serves, by URL token, as asked so far. */
    private final Map<String, Optional<String>> localesServed = new ConcurrentHashMap<>();
    /** One lock per URL token, held over its lookup: the tests of one endpoint ask once, and wait for no other's. */
    private final Map<String, ReentrantLock> localeLookups = new ConcurrentHashMap<>();

    public ManagementApiSchema(Settings settings) {
        this(settings, ManagementClient.open(settings));
    }

    /** Reads through {@code api}, which it closes when closed: a backend that makes more requests shares its budget. */
    public ManagementApiSchema(Settings settings, ManagementClient api) {
        this.settings = settings;
        this.api = api;
        this.reads = new ManagementReads(api);
    }

    /** Read once; the run asks before its first test. */
    @Override
    public synchronized BotSchema schema() {
        if (read == null) {
            read = reader().read();
            schema = withUnlistedSlots(read.schema());
        }
        return schema;
    }

    /** Read anew on every call: the bot's schema as the API describes it now. */
    public BotSchema read() {
        return withUnlistedSlots(reader().read().schema());
    }

    private BotReader reader() {
        return new BotReader(api, reads, settings.projectId(), settings.endpointToken(), settings.endpointKind(),
                settings.expectedSnapshot());
    }

    /**
     * The flow list, flows, flow settings and intent lists the schema read, for a reader after it to take rather than ask
     * again (the NLU backend's preflight); what the schema did not read, or read with another query, is asked then.
     */
    public ManagementReads reads() {
        return reads;
    }

    /** The slots the API lists, with those the user names as filled where the API lists nothing. */
    private BotSchema withUnlistedSlots(BotSchema listed) {
        return listed.withUnlistedEntities(settings.unlistedSlots(), UNLISTED_SLOTS_FIX);
    }

    /**
     * Asked when a test first goes to a locale's own endpoint; kept, so the run asks once per endpoint. A refusal or an
     * API out of reach leaves the locale unknown, as without the management API: the check is a safeguard, not what the
     * test is about, and the schema's read before the first test already said whether the API answers.
     */
    @Override
    public Optional<String> localeServedBy(String urlToken) {
        Optional<String> known = localesServed.get(urlToken);
        if (known != null) return known;
        // Not the map's computeIfAbsent: it would hold a lock of the map over the lookup's requests and their retries, so a
        // test of another locale's endpoint whose token falls in the same bin would wait for them, and a test waiting for
        // it could not be cancelled.
        ReentrantLock lookup = localeLookups.computeIfAbsent(urlToken, token -> new ReentrantLock());
        try {
            lookup.lockInterruptibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BackendInterruptedException("the management API's answer which locale an endpoint serves was not"
                    + " waited for: the waiting thread was interrupted");
        }
        try {
            known = localesServed.get(urlToken);
            if (known != null) return known;
            Optional<String> read;
            try {
                read = reader().localeOf(urlToken);
            } catch (BackendException unknown) {
                read = Optional.empty();
            }
            localesServed.put(urlToken, read);
            return read;
        } finally {
            lookup.unlock();
        }
    }

    @Override
    public Optional<String> flowName(String referenceId) {
        BotReader.Read known = read;
        return known == null || referenceId == null ? Optional.empty() : Optional.ofNullable(known.flowNames().get(referenceId));
    }

    /**
     * {@code POST sessions/{sessionId}/context/inject} with {@code {context, userId}}. Retried like a read: an inject
     * sets the session's context to what is sent, so sending it twice leaves the same context as sending it once.
     */
    @Override
    public void injectContext(String sessionId, String userId, Map<String, Object> context) {
        JsonMapper json = JsonMapper.builder().build();
        ObjectNode body = json.createObjectNode();
        body.set("context", json.valueToTree(context));
        body.put("userId", userId);
        try {
            api.post("sessions/" + sessionId + "/context/inject", body);
        } catch (ManagementRefusal e) {
            throw new BackendException(e.kind(), "the management API did not set the context of session " + sessionId
                    + " before its first message (" + e.answered() + "); the test was not sent");
        }
    }

    @Override
    public void close() {
        api.close();
    }
}
