package dev.botsim.cognigy.engine.backend.simulation;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.lang.System.Logger.Level;
import java.net.ConnectException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import dev.botsim.cognigy.engine.backend.BackendException;
import dev.botsim.cognigy.engine.backend.BackendException.Kind;
import dev.botsim.cognigy.engine.backend.BackendInterruptedException;
import dev.botsim.cognigy.engine.backend.ConcurrencyLimit;
import dev.botsim.cognigy.engine.config.Secrets;
import dev.botsim.cognigy.engine.support.Secret;
import dev.botsim.cognigy.engine.transport.HttpAnswer;
import dev.botsim.cognigy.engine.transport.HttpTransport;
import dev.botsim.cognigy.engine.transport.NetworkAdvice;
import dev.botsim.cognigy.engine.transport.NetworkSetupException;
import dev.botsim.cognigy.engine.transport.Delivery;
import dev.botsim.cognigy.engine.transport.ResponseTooLargeException;
import dev.botsim.cognigy.engine.transport.Retries;
import dev.botsim.cognigy.engine.transport.RetryLog;
import dev.botsim.cognigy.engine.transport.RetryPolicy;
import dev.botsim.cognigy.engine.transport.Snippet;
import okhttp3.FormBody;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * HTTP to the simulation API: bearer authentication with one shared refresh on 401, requests
 * repeated as the engine's {@link RetryPolicy} says (transient failures cost attempts, 429s cost
 * time and cut the concurrency limit), responses read within size and nesting limits. Tokens and the
 * client secret never reach a log line or a message.
 */
final class SimulationApiClient implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(SimulationApiClient.class.getName());
    private static final MediaType JSON = MediaType.get("application/json");

    /** A response that was read: status and parsed body (or {@code null} for an empty one). */
    record Answer(int code, JsonNode body, String retryAfter) {
    }

    private final SimulationApiSettings settings;
    private final HttpUrl base;
    private final HttpTransport http;
    private final RetryPolicy retryPolicy;
    private final ObjectMapper json;
    private final AccessTokens tokens;
    /**
     * The client secret in every spelling a server may echo it in, by the central rule: as configured, trimmed,
     * form-encoded as the token request carries it ({@link Secrets#forms()}).
     */
    private final List<String> secretForms;
    private final AtomicInteger retried = new AtomicInteger();
    /**
     * The token endpoint's refusal of the client credentials, once it came: the same request would be refused the same
     * way, so it is not sent again in this run ({@code null} before).
     */
    private final AtomicReference<BackendException> credentialsRefused = new AtomicReference<>();
    private final AtomicInteger rateLimited = new AtomicInteger();

    SimulationApiClient(SimulationApiSettings settings) {
        this.settings = settings;
        HttpUrl parsed = HttpUrl.parse(settings.baseUrl());
        if (parsed == null) {
            throw new BackendException(Kind.CONFIGURATION, "cognigy.base-url=" + dev.botsim.cognigy.engine.support.ShownUrl.of(settings.baseUrl())
                    + " is not an http(s) URL");
        }
        this.base = parsed;
        this.http = HttpTransport.to(base, HttpTransport.Options.of(settings.http()).withCallsInFlight(settings.maxConcurrency())
                .withClient("simulation API"));
        this.retryPolicy = RetryPolicy.of(settings.retry()).withClock(settings.clock()).withSleeper(settings.sleeper());
        this.json = JsonMapper.builder(JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).maxStringLength(1 << 20).build())
                .build()).build();
        this.tokens = new AccessTokens(this::fetchToken, settings.clock());
        // Taken once: they are masked in every answer, polls included, and the client secret does not change.
        this.secretForms = Secrets.none().withClientSecret(settings.clientSecret()).forms();
    }

    ObjectMapper json() {
        return json;
    }

    int retries() {
        return retried.get();
    }

    int rateLimited() {
        return rateLimited.get();
    }

    int tokenFetches() {
        return tokens.fetches();
    }

    /** Fetches the run's token now unless it holds a valid one, so that requests sent together share it. */
    void token() {
        // Not while the server is taken for down: the request that follows is refused anyway, and its token is fetched
        // when it is sent.
        if (retryPolicy.breaker().open()) return;
        tokens.current();
    }

    HttpUrl url(String path) {
        return base.newBuilder().addPathSegments(path).build();
    }

    /** An authenticated GET; reads are idempotent, so every transient failure is retried. */
    Answer get(HttpUrl url, Exchange exchange) {
        return call("GET", url, null, null, exchange);
    }

    /**
     * An authenticated POST of a JSON body, submitting a message; retried only because it carries an idempotency key. A
     * failure before any attempt of it left this machine (its token not had, no connection, held back) says the message
     * never left for the bot ({@link BackendException#withMessageUnsent()}).
     */
    Answer post(HttpUrl url, byte[] body, String idempotencyKey, Exchange exchange) {
        return call("POST", url, body, idempotencyKey, exchange);
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
     * cost time, as the policy's refusals decide, and cut the simulation's concurrency limit.
     */
    private Answer call(String method, HttpUrl url, byte[] body, String idempotencyKey, Exchange exchange) {
        try {
            return repeated(method, url, body, idempotencyKey, exchange);
        } catch (BackendException e) {
            // Also for a request made outside a test (the schema's reads at the run's start), whose failure is read alone.
            throw e.withRetries(exchange.log());
        }
    }

    private Answer repeated(String method, HttpUrl url, byte[] body, String idempotencyKey, Exchange exchange) {
        String what = method + " " + path(url);
        Retries retries = retryPolicy.start(what, exchange.log());
        try {
            return repeated(method, url, body, idempotencyKey, exchange, what, retries);
        } catch (BackendException e) {
            // A POST submits a message: one that never left, the bot never saw.
            if (method.equals("POST")) e.withMessageUnsentIf(retries.delivery());
            throw e;
        }
    }

    private Answer repeated(String method, HttpUrl url, byte[] body, String idempotencyKey, Exchange exchange, String what,
                            Retries retries) {
        boolean refreshed = false;
        while (true) {
            Optional<Retries.GiveUp> held = retries.held();
            if (held.isPresent()) throw new BackendException(Kind.TRANSPORT, held.get().problem()).varying(held.get());
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
                // Any kind but TRANSPORT is an answer that could not be read: the request got there, the bot may have it.
                // Unless a proxy or the trust store stopped it on the way (Delivery): then nothing of it left.
                if (e.kind() != Kind.TRANSPORT && Delivery.of(e) == Delivery.SENT) retries.answered();
                if (e.kind() != Kind.TRANSPORT || !(retries.afterFailure(e.getMessage(), Delivery.of(e)) instanceof Retries.Retry retry)) {
                    throw e;
                }
                retry(retries, retry);
                continue;
            }
            if (answer.code() == 401 && !refreshed) {
                // Answered: should the new token not be had, the request still left (and a submission's message with it).
                retries.answered();
                tokens.replace(token);
                refreshed = true;
                exchange.log().add(what + " answered 401: token refreshed, request repeated");
                continue;
            }
            // Only a 401 right after a refresh means the credentials are refused: one after other
            // answers is a token that expired on the way, and is refreshed again.
            refreshed = false;
            Retries.Next next = retries.afterAnswer(answer.code(), answer.retryAfter());
            if (next instanceof Retries.GiveUp giveUp) throw new BackendException(Kind.TRANSPORT, giveUp.problem()).varying(giveUp);
            if (!(next instanceof Retries.Retry retry)) return answer;
            if (answer.code() != 429) {
                retry(retries, retry);
                continue;
            }
            rateLimited.incrementAndGet();
            ConcurrencyLimit.Permit permit = exchange.permit();
            // A refused submission is not at the server while it waits, and shows how much the
            // server holds; a refused poll's simulation is there, and only shows it busy.
            if (permit == null) retry(retries, retry);
            else if (idempotencyKey != null) permit.refused(() -> retry(retries, retry));
            else {
                permit.rateLimited();
                retry(retries, retry);
            }
        }
    }

    /** Waits before repeating a request, logging why and how long; an interrupt abandons the request. */
    private void retry(Retries retries, Retries.Retry retry) {
        retried.incrementAndGet();
        LOG.log(Level.DEBUG, () -> retry.why() + "; retrying in " + retry.delay().toMillis() + " ms");
        try {
            retries.await(retry);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BackendInterruptedException("abandoned while waiting to retry: the waiting thread was interrupted");
        }
    }

    /**
     * @param maskTokens whether to mask issued tokens in the answer: everywhere but in the token
     *                   endpoint's own (the client secret is masked everywhere)
     */
    private Answer execute(Request request, boolean maskTokens) {
        LOG.log(Level.DEBUG, () -> request.method() + " " + path(request.url()));
        try {
            HttpAnswer answer = http.exchange(request, text -> redact(text, maskTokens));
            LOG.log(Level.DEBUG, () -> request.method() + " " + path(request.url()) + " -> " + answer.code());
            return new Answer(answer.code(), parse(answer, request.url()), answer.retryAfter());
        } catch (InterruptedException e) {
            // Retrying would only be refused the same way: the run is being cancelled.
            Thread.currentThread().interrupt();
            throw new BackendInterruptedException(request.method() + " " + where(request.url())
                    + " abandoned: the waiting thread was interrupted");
        } catch (ResponseTooLargeException e) {
            throw new BackendException(Kind.PROTOCOL, where(request.url()) + " answered " + e.getMessage());
        } catch (InterruptedIOException e) {
            String limit = e.getMessage() == null ? "" : " (" + e.getMessage() + ")";
            if (Delivery.of(e) == Delivery.NOT_SENT) {
                // A connect timeout is the same exception as a read timeout: only the transport's mark on it says none of
                // the request was written, so it stays the cause (Delivery), as a refused connection's does.
                throw new BackendException(Kind.TRANSPORT, "cannot connect to " + where(request.url()) + " in time" + limit
                        + NetworkAdvice.said(e), e);
            }
            // Which time limit ran out, not OkHttp's frames: a hanging server fails every remaining test this way.
            throw new BackendException(Kind.TRANSPORT, "no answer from " + where(request.url()) + " in time" + limit);
        } catch (ConnectException e) {
            // The cause, for how far the request got (Delivery): the message says what a person needs.
            throw new BackendException(Kind.TRANSPORT, "cannot connect to " + where(request.url()) + ": " + e.getMessage()
                    + NetworkAdvice.said(e), e);
        } catch (NetworkSetupException e) {
            // A proxy or the JVM's trust store stopped it before it left, as it will stop every attempt: the run's setup.
            throw new BackendException(Kind.CONFIGURATION, "cannot connect to " + where(request.url()) + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new BackendException(Kind.TRANSPORT, "connection to " + where(request.url()) + " failed: "
                    + e.getClass().getSimpleName() + NetworkAdvice.said(e), e);
        }
    }

    /**
     * The body as JSON. A 2xx that is not JSON — by its content type or by its bytes — is a protocol
     * error, never something to count as a pass.
     */
    private JsonNode parse(HttpAnswer answer, HttpUrl url) {
        byte[] bytes = answer.body();
        if (bytes.length == 0) return null;
        MediaType type = answer.contentType();
        if (answer.isSuccessful() && type != null && !type.subtype().equals("json") && !type.subtype().endsWith("+json")) {
            // A login page or a proxy's error page answered in the API's place: never read it as a result.
            throw new BackendException(Kind.PROTOCOL, where(url) + " answered HTTP " + answer.code() + " with Content-Type "
                    + type.type() + "/" + type.subtype() + " instead of JSON: " + snippet(bytes));
        }
        try {
            return json.readTree(bytes);
        } catch (JacksonException e) {
            if (!answer.isSuccessful()) return null;
            throw new BackendException(Kind.PROTOCOL, where(url) + " answered HTTP " + answer.code()
                    + " with something that is not JSON: " + snippet(bytes));
        }
    }

    /**
     * The answer with the run's secrets masked: a server that echoes the request (an error page
     * quoting the Authorization header, a bot repeating its input) must not carry a token or the
     * client secret into failure messages and reports.
     */
    private String redact(String text, boolean maskTokens) {
        String redacted = Secrets.mask(text, secretForms);
        if (maskTokens) {
            for (String token : tokens.issued()) redacted = Secret.mask(redacted, token);
        }
        return redacted;
    }

    private AccessTokens.IssuedToken fetchToken() {
        RetryLog log = new RetryLog();
        try {
            return fetchToken(log);
        } catch (BackendException e) {
            // The run's first request: a token endpoint that kept failing says how often it was asked before the run gave up.
            throw e.withRetries(log);
        }
    }

    private AccessTokens.IssuedToken fetchToken(RetryLog log) {
        HttpUrl url = url("api/oauth/token");
        FormBody form = new FormBody.Builder().add("grant_type", "client_credentials")
                .add("client_id", settings.clientId()).add("client_secret", settings.clientSecret().reveal())
                .add("scope", settings.scope()).build();
        BackendException refused = credentialsRefused.get();
        if (refused != null) {
            throw new BackendException(Kind.AUTHENTICATION, "POST /api/oauth/token not sent: " + refused.getMessage());
        }
        // Asked for by a request the outage breaker let through (or before the first), so the breaker does not stop it: a
        // probe finding the server back with the run's token expired or forgotten needs a new one to close the breaker.
        Retries retries = retryPolicy.startFor("POST /api/oauth/token", log);
        while (true) {
            Optional<Retries.GiveUp> held = retries.held();
            if (held.isPresent()) {
                throw new BackendException(Kind.TRANSPORT, "cannot get an access token: " + held.get().problem()).varying(held.get());
            }
            Answer answer;
            try {
                answer = execute(new Request.Builder().url(url).post(form).header("Accept", "application/json").build(), false);
            } catch (BackendException e) {
                if (e.kind() != Kind.TRANSPORT || !(retries.afterFailure(e.getMessage(), Delivery.of(e)) instanceof Retries.Retry retry)) {
                    // With the I/O failure under it, if any: how far the token request got (Delivery) is in it.
                    BackendException failed = new BackendException(e.kind(), "cannot get an access token: " + e.getMessage(),
                            e.getCause());
                    e.varying().forEach(failed::varying);
                    throw failed;
                }
                retry(retries, retry);
                continue;
            }
            if (answer.code() == 400 || answer.code() == 401 || answer.code() == 403) {
                BackendException refusal = new BackendException(Kind.AUTHENTICATION, "the token endpoint rejected the client"
                        + " credentials (HTTP " + answer.code() + errorCode(answer) + ") at " + settings.clock().instant()
                        + "; check cognigy.client-id / COGNIGY_CLIENT_ID and COGNIGY_CLIENT_SECRET");
                credentialsRefused.compareAndSet(null, refusal);
                throw refusal;
            }
            Retries.Next next = retries.afterAnswer(answer.code(), answer.retryAfter());
            if (next instanceof Retries.GiveUp giveUp) {
                throw new BackendException(Kind.TRANSPORT, "cannot get an access token: " + giveUp.problem()).varying(giveUp);
            }
            if (next instanceof Retries.Retry retry) {
                retry(retries, retry);
                continue;
            }
            JsonNode body = answer.body();
            if (answer.code() != 200) {
                throw new BackendException(answer.code() >= 500 || answer.code() == 429 ? Kind.TRANSPORT : Kind.PROTOCOL,
                        "cannot get an access token: the token endpoint answered HTTP " + answer.code());
            }
            if (body == null || !body.path("access_token").isString()) {
                throw new BackendException(Kind.PROTOCOL, "the token endpoint answered HTTP 200 without an access_token");
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

    private String where(HttpUrl url) {
        return url.host() + ":" + url.port() + path(url);
    }

    /**
     * A request's path as messages and the log show it: a segment of {@code cognigy.base-url} that looks generated
     * masked, should a REST Endpoint URL, whose last segment is its token, have been given there.
     */
    private String path(HttpUrl url) {
        return dev.botsim.cognigy.engine.support.ShownUrl.path(base, url);
    }

    static String snippet(byte[] bytes) {
        return Snippet.of(bytes, 120);
    }

    static String snippet(String text) {
        return Snippet.of(text, 120);
    }

    /** The project's sandbox, when one of its answers came from it (see {@link HttpTransport#sandboxSeen()}). */
    java.util.Optional<String> sandboxSeen() {
        return http.sandboxSeen();
    }

    @Override
    public void close() {
        http.close();
    }
}
