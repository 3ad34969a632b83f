package dev.botsim.cognigy.engine.backend.endpoint;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import dev.botsim.cognigy.annotations.BotTurn;
import dev.botsim.cognigy.engine.backend.Backend;
import dev.botsim.cognigy.engine.backend.BackendException;
import dev.botsim.cognigy.engine.backend.BackendInterruptedException;
import dev.botsim.cognigy.engine.backend.BotManagement;
import dev.botsim.cognigy.engine.backend.BotSchema;
import dev.botsim.cognigy.engine.backend.ConcurrencyLimit;
import dev.botsim.cognigy.engine.backend.TurnRequest;
import dev.botsim.cognigy.engine.backend.TurnResult;
import dev.botsim.cognigy.engine.config.Constants;
import dev.botsim.cognigy.engine.config.HttpTimeouts;
import dev.botsim.cognigy.engine.config.RetrySettings;
import dev.botsim.cognigy.engine.support.Secret;
import dev.botsim.cognigy.engine.transport.HttpAnswer;
import dev.botsim.cognigy.engine.transport.HttpTransport;
import dev.botsim.cognigy.engine.transport.ResponseTooLargeException;
import dev.botsim.cognigy.engine.transport.Retries;
import dev.botsim.cognigy.engine.transport.RetryLog;
import dev.botsim.cognigy.engine.transport.RetryPolicy;
import dev.botsim.cognigy.engine.transport.Sleeper;
import dev.botsim.cognigy.engine.transport.Snippet;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Talks to a Cognigy REST Endpoint: one {@code POST} per user message, the session kept by
 * {@code sessionId}. The endpoint answers with the bot's outputs only; intent, flow and slots come
 * from outputs whose {@code data} follows the {@link OutputConvention}.
 *
 * <p>The endpoint URL contains its URL token, a secret: it is never printed whole.
 */
public final class EndpointBackend implements Backend {

    private static final MediaType JSON = MediaType.get("application/json");

    /**
     * @param url            the endpoint URL including its URL token (and {@code /test/} for test mode)
     * @param convention     where outputs report intent, flow and slots
     * @param http           time limits of each message
     * @param retry          the longest single {@code Retry-After} honoured (a longer one fails the test instead of
     *                       stalling CI) and how long a message keeps being repeated after 429s — the only refusal known
     *                       not to have reached the flow, so the only one safe to repeat
     * @param maxConcurrency most messages in flight; a 429 cuts the adaptive limit below it
     * @param clock          time source for HTTP-date {@code Retry-After}, replaceable in tests
     * @param sleeper        how retries wait, replaceable in tests
     */
    public record Settings(Secret url, OutputConvention convention, HttpTimeouts http, RetrySettings retry, int maxConcurrency,
                           Clock clock, Sleeper sleeper) {

        /** The endpoint at {@code url}, outputs read by the Code node's convention; everything else as by default. */
        public static Settings of(Secret url) {
            return new Settings(url, OutputConvention.CODE_NODE, HttpTimeouts.defaults(), RetrySettings.defaults(),
                    Constants.DEFAULT_MAX_CONCURRENCY, Clock.systemUTC(), Sleeper.SYSTEM);
        }

        public Settings withConvention(OutputConvention convention) {
            return new Settings(url, convention, http, retry, maxConcurrency, clock, sleeper);
        }

        public Settings withHttp(HttpTimeouts http) {
            return new Settings(url, convention, http, retry, maxConcurrency, clock, sleeper);
        }

        public Settings withRetry(RetrySettings retry) {
            return new Settings(url, convention, http, retry, maxConcurrency, clock, sleeper);
        }

        public Settings withMaxConcurrency(int maxConcurrency) {
            return new Settings(url, convention, http, retry, maxConcurrency, clock, sleeper);
        }

        public Settings withClock(Clock clock) {
            return new Settings(url, convention, http, retry, maxConcurrency, clock, sleeper);
        }

        public Settings withSleeper(Sleeper sleeper) {
            return new Settings(url, convention, http, retry, maxConcurrency, clock, sleeper);
        }
    }

    private final Optional<BotManagement> management;

    private final Settings settings;
    private final EndpointUrl endpoint;
    private final HttpUrl url;
    private final String shownUrl;
    private final HttpTransport http;
    private final RetryPolicy retryPolicy;
    private final ObjectMapper json = JsonMapper.builder().build();
    private final ConcurrencyLimit limit;

    EndpointBackend(Settings settings) {
        this(settings, Optional.empty());
    }

    /** @param management where the bot's flows, intents and slots are read from, if configured */
    public EndpointBackend(Settings settings, Optional<BotManagement> management) {
        this.settings = settings;
        this.management = management;
        this.endpoint = EndpointUrl.parse(settings.url()).orElseThrow(() -> new BackendException(BackendException.Kind.REJECTED,
                "the REST Endpoint URL is not an http(s) URL ending in its URL token; check COGNIGY_ENDPOINT_URL"));
        this.url = endpoint.url();
        this.shownUrl = endpoint.shown();
        this.limit = new ConcurrencyLimit(settings.maxConcurrency());
        // A turn that reached the flow must never be sent twice: it would advance the conversation. So
        // neither OkHttp repeats it on a stale connection nor the policy after a 5xx or an I/O error
        // (one attempt); only a 429, a refusal, is repeated.
        this.http = HttpTransport.to(url, HttpTransport.Options.of(settings.http()).withRepeatsOnStaleConnection(false));
        this.retryPolicy = RetryPolicy.of(settings.retry()).withMaxAttempts(1).withClock(settings.clock())
                .withSleeper(settings.sleeper());
    }

    /** The URL with its token, the last non-empty path segment, hidden. */
    static String masked(HttpUrl url) {
        return EndpointUrl.parse(Secret.of(url.toString())).map(EndpointUrl::shown)
                .orElse(url.scheme() + "://" + url.host() + "/");
    }

    @Override
    public String name() {
        return "endpoint";
    }

    /**
     * The REST Endpoint does not describe the bot: the schema comes from the management API when it
     * is configured, else it is unknown and expectations are checked when the answers come.
     */
    @Override
    public BotSchema schema() {
        return management.map(BotManagement::schema).orElse(BotSchema.UNKNOWN);
    }

    @Override
    public Optional<String> missingNluDataHint() {
        return Optional.of("The REST Endpoint returned no intent or flow data. " + OutputConvention.SNIPPET);
    }

    @Override
    public TurnResult send(TurnRequest request) {
        String sessionId = request.sessionId() != null ? request.sessionId() : "ses_" + UUID.randomUUID();
        ObjectNode body = json.createObjectNode();
        body.put("userId", request.userId());
        body.put("sessionId", sessionId);
        body.put("text", request.text());
        body.set("data", json.valueToTree(request.data()));
        byte[] bytes = json.writeValueAsBytes(body);
        RetryLog log = new RetryLog();
        ConcurrencyLimit.Permit permit = limit.acquire();
        boolean completed = false;
        try {
            TurnResult result = post(bytes, sessionId, permit, log);
            completed = true;
            return result;
        } catch (BackendException e) {
            throw e.withRetries(log);
        } finally {
            permit.release(completed);
        }
    }

    private TurnResult post(byte[] bytes, String sessionId, ConcurrencyLimit.Permit permit, RetryLog log) {
        Retries retries = retryPolicy.start("POST to the REST Endpoint", log);
        while (true) {
            Request request = new Request.Builder().url(url).post(RequestBody.create(bytes, JSON)).build();
            HttpAnswer answer;
            try {
                // The answer with the URL token masked, should the endpoint echo the request URL.
                answer = http.exchange(request, endpoint::mask);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new BackendInterruptedException("POST to the REST Endpoint abandoned: the waiting thread was interrupted");
            } catch (ResponseTooLargeException e) {
                if (e.code() < 200 || e.code() >= 300) throw failed(e.code(), "");
                throw new BackendException(BackendException.Kind.PROTOCOL, "REST Endpoint " + shownUrl + " answered " + e.getMessage());
            } catch (InterruptedIOException e) {
                throw new BackendException(BackendException.Kind.TIMEOUT,
                        "REST Endpoint " + shownUrl + " did not answer in time: " + e.getMessage());
            } catch (IOException e) {
                throw new BackendException(BackendException.Kind.TRANSPORT,
                        "cannot reach REST Endpoint " + shownUrl + ": " + e.getClass().getSimpleName()
                                + (e.getMessage() == null ? "" : ": " + endpoint.mask(e.getMessage())));
            }
            if (answer.code() == 429) permit.rateLimited();
            Retries.Next next = retries.afterAnswer(answer.code(), answer.retryAfter());
            if (next instanceof Retries.GiveUp giveUp) throw new BackendException(BackendException.Kind.TRANSPORT, giveUp.problem());
            if (next instanceof Retries.Retry retry) {
                try {
                    retries.await(retry);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new BackendInterruptedException("abandoned while waiting to retry: the waiting thread was interrupted");
                }
                continue;
            }
            if (!answer.isSuccessful()) throw failed(answer.code(), ": " + preview(answer.body()));
            return toResult(read(answer.body()), sessionId, log.events());
        }
    }

    private BackendException failed(int code, String snippet) {
        return new BackendException(code >= 500 ? BackendException.Kind.TRANSPORT : BackendException.Kind.REJECTED,
                "REST Endpoint " + shownUrl + " answered HTTP " + code + snippet);
    }

    private JsonNode read(byte[] bytes) {
        try {
            return json.readTree(bytes);
        } catch (JacksonException e) {
            throw new BackendException(BackendException.Kind.PROTOCOL,
                    "REST Endpoint " + shownUrl + " answered something that is not JSON: " + preview(bytes));
        }
    }

    private TurnResult toResult(JsonNode root, String sessionId, List<String> retries) {
        JsonNode outputs = root.path("outputStack");
        if (!outputs.isArray()) {
            throw new BackendException(BackendException.Kind.PROTOCOL,
                    "REST Endpoint answer has no outputStack: " + preview(root.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        }
        String id = root.path("traceId").isString() ? root.path("traceId").stringValue() : sessionId;
        // The flow output nothing: that is no answer, not one turn with nothing in it.
        if (outputs.isEmpty()) return new TurnResult(id, sessionId, "completed", List.of(), null, retries, 0);
        OutputConvention convention = settings.convention();
        List<String> texts = new ArrayList<>();
        String intent = null;
        String flow = null;
        String errorCode = null;
        String errorMessage = null;
        double score = Double.NaN;
        Map<String, Object> entities = new LinkedHashMap<>();
        for (JsonNode output : outputs) {
            JsonNode text = output.path("text");
            if (text.isString() && !text.stringValue().isBlank()) texts.add(text.stringValue());
            JsonNode data = output.path("data");
            if (!data.isObject() || !convention.reports(data)) continue;
            if (intent == null) {
                intent = convention.intent(data);
                score = convention.intentScore(data);
            }
            if (convention.flow(data) != null) flow = convention.flow(data);
            if (errorCode == null && convention.errorCode(data) != null) {
                errorCode = convention.errorCode(data);
                errorMessage = convention.errorMessage(data);
            }
            entities.putAll(convention.entities(data));
        }
        String said = texts.isEmpty() ? null : String.join("\n", texts);
        BotTurn turn = new BotTurn(0, flow, intent, score, entities, said, errorCode, errorMessage);
        return new TurnResult(id, sessionId, errorCode == null ? "completed" : "failed", List.of(turn), null, retries, 0);
    }

    private static String preview(byte[] bytes) {
        return Snippet.of(bytes, 200);
    }

    @Override
    public Optional<ConcurrencyLimit.State> concurrency() {
        return Optional.of(limit.state());
    }

    @Override
    public void close() {
        management.ifPresent(BotManagement::close);
        http.close();
    }
}
