package dev.botsim.cognigy.engine.backend.simulation;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.lang.System.Logger.Level;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import dev.botsim.cognigy.engine.Constants;
import dev.botsim.cognigy.engine.backend.Backoff;
import dev.botsim.cognigy.engine.backend.BackendException;
import dev.botsim.cognigy.engine.backend.ConcurrencyLimit;
import dev.botsim.cognigy.engine.backend.Refusals;
import dev.botsim.cognigy.engine.backend.RetryLog;
import dev.botsim.cognigy.engine.backend.BackendException.Kind;
import dev.botsim.cognigy.engine.backend.BackendInterruptedException;
import dev.botsim.cognigy.engine.backend.RetryAfter;
import dev.botsim.cognigy.engine.support.Secret;
import okhttp3.FormBody;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * HTTP to the simulation API: bearer authentication with one shared refresh on 401, bounded
 * retries with jittered backoff for transient failures, {@code Retry-After} honoured, responses
 * read within size and nesting limits. Tokens and the client secret never reach a log line or a
 * message.
 */
final class SimulationApiClient implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(SimulationApiClient.class.getName());
    private static final MediaType JSON = MediaType.get("application/json");
    private static final long MAX_BODY = 1 << 20;

    /** A response that was read: status and parsed body (or {@code null} for an empty one). */
    record Answer(int code, JsonNode body, String retryAfter) {
    }

    private final SimulationApiSettings settings;
    private final HttpUrl base;
    private final OkHttpClient http;
    private final ObjectMapper json;
    private final AccessTokens tokens;
    private final AtomicInteger retries = new AtomicInteger();
    private final AtomicInteger rateLimited = new AtomicInteger();

    SimulationApiClient(SimulationApiSettings settings) {
        this.settings = settings;
        HttpUrl parsed = HttpUrl.parse(settings.baseUrl());
        if (parsed == null) {
            throw new BackendException(Kind.REJECTED, "cognigy.base-url=" + settings.baseUrl() + " is not an http(s) URL");
        }
        this.base = parsed;
        OkHttpClient.Builder http = new OkHttpClient.Builder()
                .connectTimeout(settings.connectTimeout())
                .readTimeout(settings.readTimeout())
                .callTimeout(settings.callTimeout())
                .followRedirects(false);
        // A plain-http base (the sandbox, a loopback stand-in) needs no TLS: without this the client
        // loads and parses the JDK's trust store, a quarter of a second of every run's start.
        if (!base.isHttps()) http.connectionSpecs(java.util.List.of(okhttp3.ConnectionSpec.CLEARTEXT));
        this.http = http.build();
        this.json = JsonMapper.builder(JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).maxStringLength(1 << 20).build())
                .build()).build();
        this.tokens = new AccessTokens(this::fetchToken, settings.clock());
    }

    ObjectMapper json() {
        return json;
    }

    int retries() {
        return retries.get();
    }

    int rateLimited() {
        return rateLimited.get();
    }

    int tokenFetches() {
        return tokens.fetches();
    }

    /** Fetches the run's token now unless it holds a valid one, so that requests sent together share it. */
    void token() {
        tokens.current();
    }

    HttpUrl url(String path) {
        return base.newBuilder().addPathSegments(path).build();
    }

    /** An authenticated GET; reads are idempotent, so every transient failure is retried. */
    Answer get(HttpUrl url, Exchange exchange) {
        return call("GET", url, null, null, exchange);
    }

    /** An authenticated POST; retried only because it carries an idempotency key. */
    Answer post(HttpUrl url, JsonNode body, String idempotencyKey, Exchange exchange) {
        return call("POST", url, json.writeValueAsBytes(body), idempotencyKey, exchange);
    }

    /**
     * What one message's requests share: where its retries are logged, and its place under the
     * concurrency limit, which a 429 cuts ({@code null} for requests outside any simulation).
     */
    record Exchange(RetryLog log, ConcurrencyLimit.Permit permit) {

        static Exchange outsideSimulations() {
            return new Exchange(new RetryLog(), null);
        }
    }

    /**
     * Transient failures (transport errors, 5xx) cost attempts, at most {@code maxAttempts}; 429s
     * cost time, as {@link Refusals} decides, and cut the simulation's concurrency limit.
     */
    private Answer call(String method, HttpUrl url, byte[] body, String idempotencyKey, Exchange exchange) {
        boolean refreshed = false;
        int failures = 0;
        Refusals refusals = new Refusals(settings.longestWait(), settings.rateLimitTimeout(), settings.clock());
        String what = method + " " + url.encodedPath();
        while (true) {
            // A fresh token for every attempt: a request may wait through 429s for longer than a
            // token lives, and the token it started with would be refused when it is finally sent.
            String token = tokens.current();
            Request.Builder request = new Request.Builder().url(url).header("Authorization", "Bearer " + token)
                    .header("Accept", "application/json");
            if (idempotencyKey != null) request.header("Idempotency-Key", idempotencyKey);
            request.method(method, body == null ? null : RequestBody.create(body, JSON));
            Answer answer;
            try {
                answer = execute(request.build(), true);
            } catch (BackendException e) {
                if (e.kind() != Kind.TRANSPORT || ++failures >= settings.maxAttempts()) throw e;
                retry(exchange, what + " failed (" + e.getMessage() + ")", Backoff.TRANSIENT.delay(failures));
                continue;
            }
            if (answer.code() == 401 && !refreshed) {
                tokens.replace(token);
                refreshed = true;
                exchange.log().add(what + " answered 401: token refreshed, request repeated");
                continue;
            }
            // Only a 401 right after a refresh means the credentials are refused: one after other
            // answers is a token that expired on the way, and is refreshed again.
            refreshed = false;
            if (answer.code() == 429) {
                rateLimited.incrementAndGet();
                Duration wait = refusals.next(answer.retryAfter(), where(url));
                Runnable retry = () -> retry(exchange, what + " answered " + Refusals.reason(answer.retryAfter()), wait);
                ConcurrencyLimit.Permit permit = exchange.permit();
                // A refused submission is not at the server while it waits, and shows how much the
                // server holds; a refused poll's simulation is there, and only shows it busy.
                if (permit == null) retry.run();
                else if (idempotencyKey != null) permit.refused(retry);
                else {
                    permit.rateLimited();
                    retry.run();
                }
                continue;
            }
            if (answer.code() >= 500 && ++failures < settings.maxAttempts()) {
                int failure = failures;
                Duration wait = RetryAfter.parse(answer.retryAfter(), settings.clock().instant())
                        .filter(asked -> asked.compareTo(settings.longestWait()) <= 0)
                        .orElseGet(() -> Backoff.TRANSIENT.delay(failure));
                retry(exchange, what + " answered " + answer.code(), wait);
                continue;
            }
            return answer;
        }
    }

    /** Waits before repeating a request, logging why and how long. */
    private void retry(Exchange exchange, String why, Duration wait) {
        retries.incrementAndGet();
        exchange.log().add(why, wait);
        LOG.log(Level.DEBUG, () -> why + "; retrying in " + wait.toMillis() + " ms");
        settings.sleeper().waitBeforeRetry(wait);
    }

    /**
     * @param maskTokens whether to mask issued tokens in the answer: everywhere but in the token
     *                   endpoint's own (the client secret is masked everywhere)
     */
    private Answer execute(Request request, boolean maskTokens) {
        LOG.log(Level.DEBUG, () -> request.method() + " " + request.url().encodedPath());
        try (Response response = http.newCall(request).execute()) {
            JsonNode body = read(response, request.url(), maskTokens);
            LOG.log(Level.DEBUG, () -> request.method() + " " + request.url().encodedPath() + " -> " + response.code());
            return new Answer(response.code(), body, response.header("Retry-After"));
        } catch (IOException e) {
            // OkHttp (Okio) fails the next read or write of an interrupted thread with an
            // InterruptedIOException and keeps the flag set; that is the run being cancelled, not a
            // timeout or a transport failure, and retrying it would only be refused the same way.
            if (Thread.currentThread().isInterrupted()) {
                throw new BackendInterruptedException(request.method() + " " + where(request.url())
                        + " abandoned: the waiting thread was interrupted");
            }
            if (e instanceof InterruptedIOException) {
                throw new BackendException(Kind.TRANSPORT, "no answer from " + where(request.url()) + " in time", e);
            }
            if (e instanceof ConnectException) {
                throw new BackendException(Kind.TRANSPORT, "cannot connect to " + where(request.url()) + ": " + e.getMessage());
            }
            throw new BackendException(Kind.TRANSPORT, "connection to " + where(request.url()) + " failed: "
                    + e.getClass().getSimpleName());
        }
    }

    /**
     * The body as JSON, read no further than 1 MiB. A 2xx that is not JSON — by its content type
     * or by its bytes — is a protocol error, never something to count as a pass.
     */
    private JsonNode read(Response response, HttpUrl url, boolean maskTokens) throws IOException {
        okio.BufferedSource source = response.body().source();
        if (source.request(MAX_BODY + 1)) {
            throw new BackendException(Kind.PROTOCOL, where(url) + " answered more than 1 MiB");
        }
        byte[] bytes = redact(source.readByteArray(), maskTokens);
        if (bytes.length == 0) return null;
        MediaType type = response.body().contentType();
        if (response.isSuccessful() && type != null && !type.subtype().equals("json") && !type.subtype().endsWith("+json")) {
            // A login page or a proxy's error page answered in the API's place: never read it as a result.
            throw new BackendException(Kind.PROTOCOL, where(url) + " answered HTTP " + response.code() + " with Content-Type "
                    + type.type() + "/" + type.subtype() + " instead of JSON: " + snippet(bytes));
        }
        try {
            return json.readTree(bytes);
        } catch (JacksonException e) {
            if (!response.isSuccessful()) return null;
            throw new BackendException(Kind.PROTOCOL, where(url) + " answered HTTP " + response.code()
                    + " with something that is not JSON: " + snippet(bytes));
        }
    }

    /**
     * The answer with the run's secrets masked: a server that echoes the request (an error page
     * quoting the Authorization header, a bot repeating its input) must not carry a token or the
     * client secret into failure messages and reports.
     */
    private byte[] redact(byte[] bytes, boolean maskTokens) {
        if (bytes.length == 0) return bytes;
        String text = new String(bytes, StandardCharsets.UTF_8);
        String redacted = Secret.mask(text, settings.clientSecret().reveal());
        if (maskTokens) {
            for (String token : tokens.issued()) redacted = Secret.mask(redacted, token);
        }
        return redacted.equals(text) ? bytes : redacted.getBytes(StandardCharsets.UTF_8);
    }


    private AccessTokens.IssuedToken fetchToken() {
        HttpUrl url = url("api/oauth/token");
        FormBody form = new FormBody.Builder().add("grant_type", "client_credentials")
                .add("client_id", settings.clientId()).add("client_secret", settings.clientSecret().reveal())
                .add("scope", settings.scope()).build();
        Exchange tokenExchange = Exchange.outsideSimulations();
        for (int attempt = 1; ; attempt++) {
            Answer answer;
            try {
                answer = execute(new Request.Builder().url(url).post(form).header("Accept", "application/json").build(), false);
            } catch (BackendException e) {
                if (e.kind() != Kind.TRANSPORT || attempt >= settings.maxAttempts()) {
                    throw new BackendException(e.kind(), "cannot get an access token: " + e.getMessage());
                }
                retry(tokenExchange, "POST /api/oauth/token failed (" + e.getMessage() + ")", Backoff.TRANSIENT.delay(attempt));
                continue;
            }
            if (answer.code() == 400 || answer.code() == 401 || answer.code() == 403) {
                throw new BackendException(Kind.AUTHENTICATION, "the token endpoint rejected the client credentials (HTTP "
                        + answer.code() + errorCode(answer) + "); check cognigy.client-id / COGNIGY_CLIENT_ID and"
                        + " COGNIGY_CLIENT_SECRET");
            }
            if ((answer.code() == 429 || answer.code() >= 500) && attempt < settings.maxAttempts()) {
                int failed = attempt;
                Duration wait = RetryAfter.parse(answer.retryAfter(), settings.clock().instant())
                        .orElseGet(() -> Backoff.TRANSIENT.delay(failed));
                if (wait.compareTo(settings.longestWait()) > 0) {
                    throw new BackendException(Kind.TRANSPORT, "cannot get an access token: the token endpoint asked to retry after "
                            + wait.toSeconds() + " s, longer than the " + settings.longestWait().toSeconds() + " s a request waits ("
                            + Constants.RETRY_LONGEST_WAIT + ")");
                }
                retry(tokenExchange, "POST /api/oauth/token answered " + answer.code(), wait);
                continue;
            }
            JsonNode body = answer.body();
            if (answer.code() != 200 || body == null || !body.path("access_token").isString()) {
                throw new BackendException(answer.code() >= 500 ? Kind.TRANSPORT : Kind.PROTOCOL,
                        "the token endpoint answered HTTP " + answer.code() + " without an access_token");
            }
            long lifetime = body.path("expires_in").isNumber() ? body.path("expires_in").asLong() : 3600;
            return new AccessTokens.IssuedToken(body.path("access_token").stringValue(), Duration.ofSeconds(Math.max(1, lifetime)));
        }
    }

    /** Only the OAuth error code of a refusal: its description may echo the request. */
    private static String errorCode(Answer answer) {
        JsonNode error = answer.body() == null ? null : answer.body().path("error");
        return error != null && error.isString() && error.stringValue().matches("[a-z_]{1,40}") ? ", " + error.stringValue() : "";
    }

    private static String where(HttpUrl url) {
        return url.host() + ":" + url.port() + url.encodedPath();
    }

    static String snippet(byte[] bytes) {
        String text = new String(bytes, 0, Math.min(bytes.length, 120), StandardCharsets.UTF_8).replaceAll("\\s+", " ");
        return text.replaceAll("(?i)(bearer\\s+|access_token\"?\\s*[:=]\\s*\"?)[A-Za-z0-9._~+/=-]+", "$1****")
                + (bytes.length > 120 ? "…" : "");
    }

    @Override
    public void close() {
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }
}
