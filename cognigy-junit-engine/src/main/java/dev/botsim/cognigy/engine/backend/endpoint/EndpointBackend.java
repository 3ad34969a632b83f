package dev.botsim.cognigy.engine.backend.endpoint;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Clock;
import java.time.Duration;
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
import dev.botsim.cognigy.engine.backend.ConcurrencyLimit;
import dev.botsim.cognigy.engine.backend.Refusals;
import dev.botsim.cognigy.engine.backend.RetryLog;
import dev.botsim.cognigy.engine.backend.Sleeper;
import dev.botsim.cognigy.engine.backend.BotSchema;
import dev.botsim.cognigy.engine.backend.TurnRequest;
import dev.botsim.cognigy.engine.backend.TurnResult;
import dev.botsim.cognigy.engine.backend.management.ManagementApiSchema;
import dev.botsim.cognigy.engine.support.Secret;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
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
    private static final long MAX_BODY = 1 << 20;

    /**
     * @param url        the endpoint URL including its URL token (and {@code /test/} for test mode)
     * @param convention where outputs report intent, flow and slots
     * @param maxConcurrency   most messages in flight; a 429 cuts the adaptive limit below it
     * @param longestWait      longest single {@code Retry-After} honoured; a longer one fails the test instead of stalling CI
     * @param rateLimitTimeout longest a message keeps being repeated after 429s (the only refusal known
     *                         not to have reached the flow, so the only one safe to repeat)
     */
    public record Settings(Secret url, OutputConvention convention, Duration connectTimeout, Duration readTimeout,
                           Duration callTimeout, int maxConcurrency, Duration longestWait, Duration rateLimitTimeout,
                           Clock clock, Sleeper sleeper) {

        public Settings(Secret url, OutputConvention convention, Duration connectTimeout, Duration readTimeout,
                        Duration callTimeout, int maxConcurrency, Duration longestWait, Duration rateLimitTimeout) {
            this(url, convention, connectTimeout, readTimeout, callTimeout, maxConcurrency, longestWait, rateLimitTimeout,
                    Clock.systemUTC(), Sleeper.SYSTEM);
        }
    }

    private final Optional<ManagementApiSchema> management;

    private final Settings settings;
    private final EndpointUrl endpoint;
    private final HttpUrl url;
    private final String shownUrl;
    private final OkHttpClient http;
    private final ObjectMapper json = JsonMapper.builder().build();
    private final ConcurrencyLimit limit;

    public EndpointBackend(Settings settings) {
        this(settings, Optional.empty());
    }

    /** @param management where the bot's flows, intents and slots are read from, if configured */
    public EndpointBackend(Settings settings, Optional<ManagementApiSchema> management) {
        this.settings = settings;
        this.management = management;
        this.endpoint = EndpointUrl.parse(settings.url()).orElseThrow(() -> new BackendException(BackendException.Kind.REJECTED,
                "the REST Endpoint URL is not an http(s) URL ending in its URL token; check COGNIGY_ENDPOINT_URL"));
        this.url = endpoint.url();
        this.shownUrl = endpoint.shown();
        this.limit = new ConcurrencyLimit(settings.maxConcurrency());
        OkHttpClient.Builder http = new OkHttpClient.Builder()
                .connectTimeout(settings.connectTimeout())
                .readTimeout(settings.readTimeout())
                .callTimeout(settings.callTimeout())
                .followRedirects(false)
                // A turn that reached the flow must never be sent twice: it would advance the conversation.
                .retryOnConnectionFailure(false);
        // Plain http (the sandbox's endpoint) needs no TLS; skipping it spares loading the JDK's trust store.
        if (!url.isHttps()) http.connectionSpecs(List.of(okhttp3.ConnectionSpec.CLEARTEXT));
        this.http = http.build();
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
        return management.map(ManagementApiSchema::read).orElse(BotSchema.UNKNOWN);
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
        body.set("data", json.valueToTree(request.context()));
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
        Refusals refusals = new Refusals(settings.longestWait(), settings.rateLimitTimeout(), settings.clock());
        while (true) {
            Request http = new Request.Builder().url(url).post(RequestBody.create(bytes, JSON)).build();
            try (Response response = this.http.newCall(http).execute()) {
                if (response.code() == 429) {
                    permit.rateLimited();
                    String retryAfter = response.header("Retry-After");
                    Duration wait = refusals.next(retryAfter, "REST Endpoint " + shownUrl);
                    log.add("POST to the REST Endpoint answered " + Refusals.reason(retryAfter), wait);
                    settings.sleeper().waitBeforeRetry(wait);
                    continue;
                }
                if (!response.isSuccessful()) {
                    throw new BackendException(response.code() >= 500 ? BackendException.Kind.TRANSPORT : BackendException.Kind.REJECTED,
                            "REST Endpoint " + shownUrl + " answered HTTP " + response.code() + snippet(response.body()));
                }
                return toResult(read(response.body()), sessionId, log.events());
            } catch (InterruptedIOException e) {
                if (Thread.currentThread().isInterrupted()) {
                    throw new BackendInterruptedException("POST to the REST Endpoint abandoned: the waiting thread was interrupted");
                }
                throw new BackendException(BackendException.Kind.TIMEOUT,
                        "REST Endpoint " + shownUrl + " did not answer in time: " + e.getMessage());
            } catch (IOException e) {
                throw new BackendException(BackendException.Kind.TRANSPORT,
                        "cannot reach REST Endpoint " + shownUrl + ": " + e.getClass().getSimpleName()
                                + (e.getMessage() == null ? "" : ": " + endpoint.mask(e.getMessage())));
            }
        }
    }



    private JsonNode read(ResponseBody body) throws IOException {
        byte[] bytes = redact(bounded(body, MAX_BODY));
        try {
            return json.readTree(bytes);
        } catch (JacksonException e) {
            throw new BackendException(BackendException.Kind.PROTOCOL,
                    "REST Endpoint " + shownUrl + " answered something that is not JSON: " + preview(bytes));
        }
    }

    /** The answer with the URL token masked, should the endpoint echo the request URL. */
    private byte[] redact(byte[] bytes) {
        String text = new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
        String masked = endpoint.mask(text);
        return masked.equals(text) ? bytes : masked.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    /** The body, refusing to buffer more than {@code limit} bytes of it. */
    private static byte[] bounded(ResponseBody body, long limit) throws IOException {
        okio.BufferedSource source = body.source();
        if (source.request(limit + 1)) {
            throw new BackendException(BackendException.Kind.PROTOCOL, "REST Endpoint answer is larger than " + limit + " bytes");
        }
        return source.readByteArray();
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

    private String snippet(ResponseBody body) {
        try {
            return ": " + preview(redact(bounded(body, 64 * 1024)));
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    private static String preview(byte[] bytes) {
        String text = new String(bytes, 0, Math.min(bytes.length, 200), java.nio.charset.StandardCharsets.UTF_8)
                .replaceAll("\\s+", " ");
        return bytes.length > 200 ? text + "…" : text;
    }

    @Override
    public Optional<ConcurrencyLimit.State> concurrency() {
        return Optional.of(limit.state());
    }

    @Override
    public void close() {
        management.ifPresent(ManagementApiSchema::close);
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }
}
