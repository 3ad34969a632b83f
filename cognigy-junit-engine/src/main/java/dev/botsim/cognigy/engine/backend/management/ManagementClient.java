package dev.botsim.cognigy.engine.backend.management;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

import dev.botsim.cognigy.engine.backend.BackendException;
import dev.botsim.cognigy.engine.backend.BackendInterruptedException;
import dev.botsim.cognigy.engine.config.Constants;
import dev.botsim.cognigy.engine.support.Excerpt;
import dev.botsim.cognigy.engine.support.Secret;
import dev.botsim.cognigy.engine.support.ShownUrl;
import dev.botsim.cognigy.engine.transport.Backoff;
import dev.botsim.cognigy.engine.transport.Delivery;
import dev.botsim.cognigy.engine.transport.HttpAnswer;
import dev.botsim.cognigy.engine.transport.HttpTransport;
import dev.botsim.cognigy.engine.transport.NetworkAdvice;
import dev.botsim.cognigy.engine.transport.NetworkSetupException;
import dev.botsim.cognigy.engine.transport.ResponseTooLargeException;
import dev.botsim.cognigy.engine.transport.Retries;
import dev.botsim.cognigy.engine.transport.RetryAfter;
import dev.botsim.cognigy.engine.transport.RetryLog;
import dev.botsim.cognigy.engine.transport.RequestBudget;
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

/**
 * HTTP to the Cognigy management API ({@code /new/v2.0/}): {@code X-API-Key}, JSON, the shared-SaaS
 * request budget, retries, RFC 7807 problem bodies read into messages, and list resources read
 * whole, page by page, never stopping short of the {@code total} they announce.
 */
public final class ManagementClient implements AutoCloseable {

    /** Items per page: the most Cognigy's lists give. */
    static final int PAGE = 100;

    /** Largest page read: 100 items of a few KiB each fit many times over. */
    static final long MAX_PAGE = 4 << 20;

    private static final MediaType JSON = MediaType.get("application/json");
    /** The body {@link #call} takes for a DELETE: no body, and not a GET. */
    private static final byte[] DELETE = new byte[0];

    private final HttpUrl base;
    private final String apiKey;
    private final UnaryOperator<String> redaction;
    private final UnaryOperator<String> messageMask;
    private final HttpTransport http;
    /** {@link #http} for requests sent once at most ({@link #postOnce}): never repeated on a broken connection. */
    private final HttpTransport once;
    private final RetryPolicy retryPolicy;
    private final RequestBudget budget;
    private final Clock clock;
    /**
     * How far the tenant's clock is ahead of this machine's (behind, when negative), as the {@code Date} header of its
     * latest answer says; {@code null} before an answer said.
     */
    private volatile Duration tenantAhead;
    private final ObjectMapper json = JsonMapper.builder().build();

    /**
     * @param redaction masks the API key in an answer before it is parsed, should a server echo it
     * @param shown     masks every secret the run holds (the API key, every endpoint URL's token, the other secrets) in
     *                  what an error body gives a message; answers themselves keep URL tokens, which the endpoint is
     *                  found by
     */
    ManagementClient(ManagementApiSchema.Settings settings, HttpUrl base, UnaryOperator<String> redaction,
                     UnaryOperator<String> shown, RequestBudget budget) {
        this.base = base;
        this.apiKey = settings.apiKey().reveal();
        this.redaction = redaction;
        this.messageMask = shown;
        this.http = HttpTransport.to(base, HttpTransport.Options.of(settings.http()).withBodyCap(MAX_PAGE)
                .withCallsInFlight(settings.callsInFlight()).withClient("management API"));
        this.once = http.withoutRepeats();
        // Reads are idempotent, and so is a context inject (it sets the context, it does not add to it): 408, 429,
        // 5xx and I/O errors are all worth another of three attempts, 1-2 s and then 2-4 s apart unless the server
        // names a Retry-After.
        this.retryPolicy = RetryPolicy.of(settings.retry()).withMaxAttempts(3).withBackoff(new Backoff(Duration.ofSeconds(2),
                        Duration.ofSeconds(4))).withTransientStatuses(RetryPolicy.TransientStatuses.TIMEOUTS_AND_SERVER_ERRORS)
                .withRateLimits(RetryPolicy.RateLimits.TRANSIENT).withClock(settings.clock()).withSleeper(settings.sleeper());
        this.budget = budget;
        this.clock = settings.clock();
    }

    /**
     * The management API's budget on shared SaaS: 1,000 requests per 5 minutes per IP. One per run, shared by every
     * client of the run that calls the same tenant (the bot's schema and the NLU scores), since the tenant counts them
     * together.
     */
    public static RequestBudget budget(Clock clock, Sleeper sleeper) {
        return new RequestBudget(1000, Duration.ofMinutes(5), clock, sleeper);
    }

    /**
     * A client of the management API the settings name, its answers and messages masked of the API key; shared by
     * every reader of one run so they spend one request budget.
     */
    public static ManagementClient open(ManagementApiSchema.Settings settings) {
        return open(settings, budget(settings.clock(), settings.sleeper()));
    }

    /** A client as {@link #open(ManagementApiSchema.Settings)}, spending {@code budget} with the run's other clients. */
    public static ManagementClient open(ManagementApiSchema.Settings settings, RequestBudget budget) {
        HttpUrl base = HttpUrl.parse(settings.apiUrl());
        if (base == null) {
            throw new BackendException(BackendException.Kind.CONFIGURATION,
                    "the management API URL is not an http(s) URL: " + dev.botsim.cognigy.engine.support.ShownUrl.of(settings.apiUrl()));
        }
        unsendableCharacter(settings.apiKey().reveal()).ifPresent(problem -> {
            throw new BackendException(BackendException.Kind.CONFIGURATION, "the environment variable "
                    + Constants.MANAGEMENT_API_KEY_ENV + " holds " + problem
                    + ", which an HTTP header cannot carry, so the key was not sent: copy it again from Cognigy (My Profile >"
                    + " API Keys); its value is not shown, it is a secret");
        });
        // The run's secrets by the central rule (every endpoint URL it knows, a locale's too), and this client's own key
        // and token, which are not the run's when they are an embedded sandbox's or the import command's.
        UnaryOperator<String> mask = text -> {
            String masked = Secret.mask(settings.secrets().mask(text), settings.apiKey().reveal());
            return settings.endpointToken().map(token -> Secret.mask(masked, token.reveal()))
                    .orElse(masked);
        };
        return new ManagementClient(settings, base,
                text -> Secret.mask(text, settings.apiKey().reveal()), mask, budget);
    }

    /**
     * The first character of {@code key} that the {@code X-API-Key} header cannot carry (a non-breaking space or a
     * line break pasted with the key, say), as {@code the character U+00A0 at position 24}; empty when it has none.
     * OkHttp refuses such a header with a message that quotes its whole value, as it does for every header but a few it
     * knows to be secret.
     */
    static Optional<String> unsendableCharacter(String key) {
        return Secret.firstRefused(key, c -> c == '\t' || c >= 0x20 && c <= 0x7e);
    }

    /** One resource; {@code query} alternates names and values. */
    public JsonNode get(String resource, List<String> query) {
        return call(url(resource, query, List.of()), null, true);
    }

    /** {@code DELETE} of a resource; repeated like a read, since deleting twice deletes nothing more. */
    public void delete(String resource) {
        call(url(resource, List.of(), List.of()), DELETE, true);
    }

    /** {@code body} posted to a resource as JSON. */
    public JsonNode post(String resource, JsonNode body) {
        return call(url(resource, List.of(), List.of()), json.writeValueAsBytes(body), true);
    }

    /**
     * {@code body} posted for something that must happen once (a playbook run scheduled): repeated only after a 429,
     * which refuses a request before acting on it, and while none of its attempts left this machine (a connection
     * refused or not made in time), which the tenant cannot have acted on. Once an attempt may have left, after an I/O
     * error, a 408 or a 5xx, the request may have been acted on and its answer lost, so it is not sent again.
     */
    public JsonNode postOnce(String resource, JsonNode body) {
        return call(url(resource, List.of(), List.of()), json.writeValueAsBytes(body), false);
    }

    /**
     * {@code body} posted as {@link #post}, by the request that carries a test's message to the bot (a sentence to score):
     * a failure before any attempt of it left this machine — no connection, no such host, no TLS session, held back or
     * refused by the outage breaker — says the message never left for the bot ({@link BackendException#withMessageUnsent()}).
     */
    public JsonNode postMessage(String resource, JsonNode body) {
        return call(url(resource, List.of(), List.of()), json.writeValueAsBytes(body), true, true);
    }

    /**
     * {@code body} posted as {@link #postOnce}, by the request that carries a test's messages to the bot (a playbook run
     * scheduled): a failure before it left says so, as {@link #postMessage} does.
     */
    public JsonNode postMessageOnce(String resource, JsonNode body) {
        return call(url(resource, List.of(), List.of()), json.writeValueAsBytes(body), false, true);
    }

    /**
     * Every item of a list resource. Follows {@code nextCursor} (or {@code next}, which some routes name it) and
     * counts the items against {@code total}: when the cursor ends before the total is reached, it goes on with
     * {@code skip}, and when a page comes back empty before that, it fails rather than judge tests by part of a list.
     */
    public List<JsonNode> list(String resource, List<String> query) {
        List<JsonNode> all = new ArrayList<>();
        Set<String> cursors = new HashSet<>();
        String cursor = null;
        boolean skipping = false;
        JsonNode previous = null;
        while (true) {
            List<String> paging = new ArrayList<>(List.of("limit", String.valueOf(PAGE)));
            if (cursor != null) paging.addAll(List.of("next", cursor));
            else if (skipping) paging.addAll(List.of("skip", String.valueOf(all.size())));
            JsonNode page = call(url(resource, query, paging), null, true);
            JsonNode items = page.path("items");
            if (!items.isArray()) {
                // What came instead (an error answered with 200, a HAL answer's _embedded, a proxy's JSON), masked as read.
                throw new BackendException(BackendException.Kind.PROTOCOL, "management API " + path(resource)
                        + " returned no items list, but " + (page.isMissingNode() ? "an empty body"
                        : messageMask.apply(Snippet.of(page.toString(), 160))));
            }
            // Read on with skip, a route that pages by neither cursor nor skip answers its one page again: that page was
            // the whole list, and its items are not taken twice.
            if (skipping && cursor == null && !items.isEmpty() && items.equals(previous)) return all;
            previous = items;
            items.forEach(all::add);
            Optional<Long> total = total(page.path("total"));
            boolean short_ = total.isPresent() && all.size() < total.get();
            cursor = text(page.path("nextCursor")).or(() -> text(page.path("next"))).orElse(null);
            if (items.isEmpty()) {
                if (short_) throw stoppedShort(resource, all.size(), total.get());
                return all;
            }
            if (cursor != null) {
                if (!cursors.add(cursor)) {
                    throw new BackendException(BackendException.Kind.PROTOCOL, "management API " + path(resource)
                            + " gave the same page cursor twice after " + all.size() + " items; the list cannot be read whole");
                }
                continue;
            }
            // A full page that says neither where the next one is nor how many there are may not be the last: taken for
            // the whole list, the bot's 101st flow or intent would be unknown to every check. Read on until a page ends short.
            boolean fullWithoutTotal = total.isEmpty() && items.size() >= PAGE;
            if (!short_ && !fullWithoutTotal) return all;
            skipping = true;
        }
    }

    /** A list's {@code total}: a number, or a number written as text; none otherwise. */
    private static Optional<Long> total(JsonNode total) {
        if (total.isIntegralNumber()) return Optional.of(total.asLong());
        if (total.isString()) {
            try {
                return Optional.of(Long.parseLong(total.stringValue().strip()));
            } catch (NumberFormatException notANumber) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    /** Said alike for every list read (the bot's schema, training sentences, playbooks, endpoints): none may be judged in part. */
    private BackendException stoppedShort(String resource, int read, long total) {
        return new BackendException(BackendException.Kind.PROTOCOL, "management API " + path(resource) + " announced " + total
                + " items but its pages ended after " + read + "; tests would be judged by part of the list, so the run stops here");
    }

    private static Optional<String> text(JsonNode node) {
        return node.isString() && !node.stringValue().isBlank() ? Optional.of(node.stringValue()) : Optional.empty();
    }

    private HttpUrl url(String resource, List<String> query, List<String> paging) {
        HttpUrl.Builder url = base.newBuilder().addPathSegments("new/v2.0/" + resource);
        for (List<String> pairs : List.of(paging, query)) {
            for (int i = 0; i < pairs.size(); i += 2) url.addQueryParameter(pairs.get(i), pairs.get(i + 1));
        }
        return url.build();
    }

    private static String path(String resource) {
        return "/new/v2.0/" + resource;
    }

    /**
     * A GET ({@code body} null) or POST, retried on 408, 429, 5xx and I/O errors up to three attempts; when not
     * {@code repeatable}, on 429 and while no attempt left this machine only.
     */
    private JsonNode call(HttpUrl url, byte[] body, boolean repeatable) {
        return call(url, body, repeatable, false);
    }

    /** As {@link #call(HttpUrl, byte[], boolean)}; {@code carriesMessage} when the request carries a test's message to the bot. */
    private JsonNode call(HttpUrl url, byte[] body, boolean repeatable, boolean carriesMessage) {
        RetryLog log = new RetryLog();
        try {
            return call(url, body, repeatable, carriesMessage, log);
        } catch (BackendException e) {
            // A schema read at the run's start, an NLU score, a playbook run: its failure says how often it was asked.
            throw e.withRetries(log);
        }
    }

    private JsonNode call(HttpUrl url, byte[] body, boolean repeatable, boolean carriesMessage, RetryLog log) {
        // A segment of the base URL that looks generated masked: a REST Endpoint URL given as cognigy.management.url.
        String shown = (body == null ? "GET " : body == DELETE ? "DELETE " : "POST ") + ShownUrl.path(base, url);
        Retries retries = retryPolicy.start(shown, log);
        Request.Builder builder = new Request.Builder().url(url).header("X-API-Key", apiKey).header("Accept", "application/json");
        Request request = (body == null ? builder.get() : body == DELETE ? builder.delete() : builder.post(RequestBody.create(body, JSON)))
                .build();
        while (true) {
            Optional<Retries.GiveUp> held = retries.held();
            if (held.isPresent()) {
                BackendException failure = new BackendException(BackendException.Kind.TRANSPORT, "management API: "
                        + held.get().problem()).varying(held.get());
                throw carriesMessage ? failure.withMessageUnsentIf(held.get().delivery()) : failure;
            }
            HttpAnswer answer;
            try {
                budget.acquire();
                // Masked before parsing, should an error page echo the request's headers.
                answer = (repeatable ? http : once).exchange(request, redaction);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new BackendInterruptedException("the management API request " + shown
                        + " was abandoned: the waiting thread was interrupted");
            } catch (ResponseTooLargeException e) {
                throw new BackendException(BackendException.Kind.PROTOCOL, "management API " + shown + " answered " + e.getMessage());
            } catch (NetworkSetupException e) {
                // A proxy or the JVM's trust store stopped it before it left, as it will stop every attempt: the run's setup.
                BackendException failure = new BackendException(BackendException.Kind.CONFIGURATION, "cannot reach the management"
                        + " API at " + base.host() + ":" + base.port() + ": " + e.getMessage(), e);
                throw carriesMessage ? failure.withMessageUnsentIf(retries.delivery()) : failure;
            } catch (IOException e) {
                // Backs off like a 5xx: a connection refused at once would otherwise spend three attempts in a moment. A
                // request sent at most once is repeated only while none of its attempts left: the tenant never saw it.
                Delivery delivery = Delivery.of(e);
                Retries.Next next = repeatable ? retries.afterFailure(e.getClass().getSimpleName(), delivery)
                        : retries.afterFailureAtMostOnce(e.getClass().getSimpleName(), delivery);
                if (next instanceof Retries.Retry retry) {
                    await(retries, retry);
                    continue;
                }
                // Host and port, and why (connection refused, unknown host, timed out): what to check first.
                BackendException failure = new BackendException(BackendException.Kind.TRANSPORT, "cannot reach the management API at "
                        + base.host() + ":" + base.port() + ": " + e.getClass().getSimpleName()
                        + (e.getMessage() == null ? "" : " (" + messageMask.apply(e.getMessage()) + ")") + NetworkAdvice.said(e));
                throw carriesMessage ? failure.withMessageUnsentIf(retries.delivery()) : failure;
            }
            // The tenant's clock, which stamps what it creates, as far as its answer says.
            RetryAfter.httpDate(answer.headers().get("Date")).ifPresent(at -> tenantAhead = Duration.between(clock.instant(), at));
            int code = answer.code();
            if (!repeatable && code != 429 && !answer.isSuccessful()) {
                retries.answeredFinally(code, answer.retryAfter());
                throw refused(code, shown, answer.body());
            }
            Retries.Next next = retries.afterAnswer(code, answer.retryAfter());
            if (next instanceof Retries.GiveUp giveUp) {
                String problem = messageMask.apply(Problem.of(answer.body(), json).suffix());
                throw new ManagementRefusal(BackendException.Kind.TRANSPORT, code, "HTTP " + code + " on " + shown + problem,
                        "management API: " + giveUp.problem() + problem).varying(giveUp);
            }
            if (next instanceof Retries.Retry retry) {
                await(retries, retry);
                continue;
            }
            if (!answer.isSuccessful()) throw refused(code, shown, answer.body());
            // A DELETE answers 204 without a body.
            if (answer.body().length == 0) return tools.jackson.databind.node.MissingNode.getInstance();
            try {
                return json.readTree(answer.body());
            } catch (JacksonException e) {
                // A proxy's or login page's HTML in the API's place: what it was, so the message points at the proxy.
                MediaType type = answer.contentType();
                throw new BackendException(BackendException.Kind.PROTOCOL, "management API " + shown + " answered HTTP " + code
                        + " with something that is not JSON" + (type == null ? "" : " (Content-Type " + type.type() + "/" + type.subtype() + ")")
                        + ": " + messageMask.apply(Snippet.of(answer.body(), 120)));
            }
        }
    }


    private ManagementRefusal refused(int code, String shown, byte[] body) {
        String answered = "HTTP " + code + " on " + shown + messageMask.apply(Problem.of(body, json).suffix());
        if (code == 401 || code == 403) {
            return new ManagementRefusal(BackendException.Kind.AUTHENTICATION, code, answered, "the management API refused the API"
                    + " key (" + answered + "); check COGNIGY_API_KEY and that the key's user can read the project");
        }
        boolean transientFailure = code == 408 || code == 429 || code >= 500;
        return new ManagementRefusal(transientFailure ? BackendException.Kind.TRANSPORT : BackendException.Kind.REJECTED, code,
                answered, "management API answered " + answered);
    }

    private static void await(Retries retries, Retries.Retry retry) {
        try {
            retries.await(retry);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BackendInterruptedException("a management API request was abandoned while waiting to retry: the waiting"
                    + " thread was interrupted");
        }
    }

    /**
     * The tenant's time now, on its clock, which stamps {@code createdAt}: this machine's moved by how far the {@code Date}
     * of the tenant's latest answer was from it (to the second that header gives, less the answer's way here); empty
     * before an answer said.
     */
    public Optional<Instant> tenantNow() {
        Duration ahead = tenantAhead;
        return ahead == null ? Optional.empty() : Optional.of(clock.instant().plus(ahead));
    }

    /** The request budget every call of this client waits on: what sets the pace of a run that calls it per test. */
    public RequestBudget budget() {
        return budget;
    }

    /** The project's sandbox, when an answer of this management API came from it (see {@code HttpTransport#sandboxSeen()}). */
    public java.util.Optional<String> sandboxSeen() {
        return http.sandboxSeen();
    }

    @Override
    public void close() {
        http.close();
    }

    /**
     * What an RFC 7807 problem body says: {@code detail} (else {@code title}) and the {@code traceId} Cognigy's
     * support asks for. Anything else in an error body is left out of messages.
     */
    record Problem(String detail, String traceId) {

        static Problem of(byte[] body, ObjectMapper json) {
            if (body == null || body.length == 0) return new Problem(null, null);
            try {
                JsonNode root = json.readTree(body);
                String detail = text(root.path("detail")).or(() -> text(root.path("title"))).orElse(null);
                return new Problem(detail == null ? null : shortened(detail), text(root.path("traceId")).orElse(null));
            } catch (JacksonException e) {
                return new Problem(null, null);
            }
        }

        /** The detail on one line, its first 300 characters as a reader counts them (an emoji is one, never cut in half). */
        private static String shortened(String detail) {
            String line = detail.strip().replaceAll("\\s+", " ");
            return Excerpt.head(line, 300);
        }

        /** {@code ": detail (traceId ...)"}, or as much of it as the body gave; empty without either. */
        String suffix() {
            if (detail == null && traceId == null) return "";
            return ": " + (detail == null ? "no detail" : detail) + (traceId == null ? "" : " (traceId " + traceId + ")");
        }
    }
}
