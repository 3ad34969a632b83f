package dev.botsim.cognigy.engine.backend.management;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

import dev.botsim.cognigy.engine.backend.BackendException;
import dev.botsim.cognigy.engine.backend.BackendInterruptedException;
import dev.botsim.cognigy.engine.backend.BotManagement;
import dev.botsim.cognigy.engine.backend.BotSchema;
import dev.botsim.cognigy.engine.config.HttpTimeouts;
import dev.botsim.cognigy.engine.config.RetrySettings;
import dev.botsim.cognigy.engine.support.Secret;
import dev.botsim.cognigy.engine.transport.Backoff;
import dev.botsim.cognigy.engine.transport.HttpAnswer;
import dev.botsim.cognigy.engine.transport.HttpTransport;
import dev.botsim.cognigy.engine.transport.RequestBudget;
import dev.botsim.cognigy.engine.transport.ResponseTooLargeException;
import dev.botsim.cognigy.engine.transport.Retries;
import dev.botsim.cognigy.engine.transport.RetryLog;
import dev.botsim.cognigy.engine.transport.RetryPolicy;
import dev.botsim.cognigy.engine.transport.Sleeper;
import okhttp3.HttpUrl;
import okhttp3.Request;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a project's flows, intents and lexicon slots from the Cognigy management API, so
 * expectations can be checked before running and coverage has its denominators. Authenticates with
 * {@code X-API-Key}, follows cursor pagination, and stays within the shared-SaaS rate limit.
 */
public final class ManagementApiSchema implements BotManagement {

    private static final int PAGE = 100;

    /** Largest page read: 100 items of a few KiB each fit many times over. */
    static final long MAX_PAGE = 4 << 20;

    /**
     * @param apiUrl    management API base, e.g. {@code https://api-trial.cognigy.ai}
     * @param apiKey    the API key (from {@code COGNIGY_API_KEY})
     * @param projectId the project whose flows and lexicons are read
     * @param http      time limits of each request
     * @param retry     the longest single {@code Retry-After} honoured
     * @param clock     time source of the request budget and HTTP-date {@code Retry-After}, replaceable in tests
     * @param sleeper   how the budget and retries wait, replaceable in tests
     */
    public record Settings(String apiUrl, Secret apiKey, String projectId, HttpTimeouts http, RetrySettings retry, Clock clock,
                           Sleeper sleeper) {

        /** The project {@code projectId} at {@code apiUrl}; everything else as by default. */
        public static Settings of(String apiUrl, Secret apiKey, String projectId) {
            return new Settings(apiUrl, apiKey, projectId, HttpTimeouts.defaults(), RetrySettings.defaults(), Clock.systemUTC(),
                    Sleeper.SYSTEM);
        }

        public Settings withHttp(HttpTimeouts http) {
            return new Settings(apiUrl, apiKey, projectId, http, retry, clock, sleeper);
        }

        public Settings withRetry(RetrySettings retry) {
            return new Settings(apiUrl, apiKey, projectId, http, retry, clock, sleeper);
        }

        public Settings withClock(Clock clock) {
            return new Settings(apiUrl, apiKey, projectId, http, retry, clock, sleeper);
        }

        public Settings withSleeper(Sleeper sleeper) {
            return new Settings(apiUrl, apiKey, projectId, http, retry, clock, sleeper);
        }
    }

    private final Settings settings;
    private final HttpUrl base;
    private final HttpTransport http;
    private final RetryPolicy retryPolicy;
    private final RequestBudget budget;
    private final ObjectMapper json = JsonMapper.builder().build();

    public ManagementApiSchema(Settings settings) {
        this.settings = settings;
        this.base = HttpUrl.parse(settings.apiUrl());
        if (base == null) {
            throw new BackendException(BackendException.Kind.REJECTED,
                    "the management API URL is not an http(s) URL: " + settings.apiUrl());
        }
        this.http = HttpTransport.to(base, HttpTransport.Options.of(settings.http()).withBodyCap(MAX_PAGE));
        // Reads are idempotent: 408, 429, 5xx and I/O errors are all worth another of three attempts, some
        // 1-2 s and then 2-4 s apart unless the server names a Retry-After.
        this.retryPolicy = RetryPolicy.of(settings.retry()).withMaxAttempts(3).withBackoff(new Backoff(Duration.ofSeconds(2),
                        Duration.ofSeconds(4))).withTransientStatuses(RetryPolicy.TransientStatuses.TIMEOUTS_AND_SERVER_ERRORS)
                .withRateLimits(RetryPolicy.RateLimits.TRANSIENT).withClock(settings.clock()).withSleeper(settings.sleeper());
        this.budget = new RequestBudget(1000, Duration.ofMinutes(5), settings.clock(), settings.sleeper());
    }

    @Override
    public BotSchema schema() {
        return read();
    }

    // TODO(#13): flow reference ids are read with the flows.
    @Override
    public Optional<String> flowName(String referenceId) {
        return Optional.empty();
    }

    // TODO(#13): POST /new/v2.0/sessions/{sessionId}/context/inject.
    @Override
    public void injectContext(String sessionId, String userId, java.util.Map<String, Object> context) {
        throw new UnsupportedOperationException("context injection is not built yet");
    }

    /** Flows (by name), intents of every flow and lexicon slots of the project. */
    public BotSchema read() {
        Set<String> flows = new TreeSet<>();
        Set<String> intents = new TreeSet<>();
        Set<String> slots = new TreeSet<>();
        List<String> flowIds = new ArrayList<>();
        each("flows", List.of("projectId", settings.projectId()), flow -> {
            flows.add(flow.path("name").asString());
            flowIds.add(flow.path("_id").asString());
        });
        for (String flowId : flowIds) {
            each("flows/" + flowId + "/intents", List.of(), intent -> intents.add(intent.path("name").asString()));
        }
        List<String> lexiconIds = new ArrayList<>();
        each("lexicons", List.of("projectId", settings.projectId()), lexicon -> lexiconIds.add(lexicon.path("_id").asString()));
        for (String lexiconId : lexiconIds) {
            each("lexicons/" + lexiconId + "/slots", List.of(), slot -> slots.add(slot.path("name").asString()));
        }
        return new BotSchema(Optional.of(slots), Optional.of(flows), Optional.of(intents));
    }

    /** Every item of a list resource, page by page along {@code nextCursor}. */
    private void each(String resource, List<String> query, Consumer<JsonNode> item) {
        String cursor = null;
        do {
            HttpUrl.Builder url = base.newBuilder().addPathSegments("new/v2.0/" + resource)
                    .addQueryParameter("limit", String.valueOf(PAGE));
            for (int i = 0; i < query.size(); i += 2) url.addQueryParameter(query.get(i), query.get(i + 1));
            if (cursor != null) url.addQueryParameter("next", cursor);
            JsonNode page = get(url.build());
            JsonNode items = page.path("items");
            if (!items.isArray()) {
                throw new BackendException(BackendException.Kind.PROTOCOL, "management API " + resource + " returned no items list");
            }
            items.forEach(item);
            JsonNode next = page.path("nextCursor");
            cursor = next.isString() && !next.stringValue().isBlank() && !items.isEmpty() ? next.stringValue() : null;
        } while (cursor != null);
    }

    /** A GET, retried on 408, 429, 5xx and I/O errors (reads are idempotent) up to three attempts. */
    private JsonNode get(HttpUrl url) {
        String shown = url.encodedPath();
        Retries retries = retryPolicy.start("GET " + shown, new RetryLog());
        Request request = new Request.Builder().url(url).header("X-API-Key", settings.apiKey().reveal())
                .header("Accept", "application/json").get().build();
        while (true) {
            HttpAnswer answer;
            try {
                budget.acquire();
                // Masked before parsing, should an error page echo the request's headers.
                answer = http.exchange(request, text -> Secret.mask(text, settings.apiKey().reveal()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new BackendInterruptedException("reading the bot's schema abandoned: the waiting thread was interrupted");
            } catch (ResponseTooLargeException e) {
                throw new BackendException(BackendException.Kind.PROTOCOL, "management API " + shown + " answered " + e.getMessage());
            } catch (IOException e) {
                if (retries.afterFailure(e.getClass().getSimpleName()) instanceof Retries.Retry retry) {
                    await(retries, retry);
                    continue;
                }
                throw new BackendException(BackendException.Kind.TRANSPORT, "cannot reach the management API at "
                        + base.host() + ": " + e.getClass().getSimpleName());
            }
            int code = answer.code();
            Retries.Next next = retries.afterAnswer(code, answer.retryAfter());
            if (next instanceof Retries.GiveUp giveUp) {
                throw new BackendException(BackendException.Kind.TRANSPORT, "management API: " + giveUp.problem());
            }
            if (next instanceof Retries.Retry retry) {
                await(retries, retry);
                continue;
            }
            if (code == 401 || code == 403) {
                throw new BackendException(BackendException.Kind.AUTHENTICATION, "the management API refused the API key (HTTP "
                        + code + " on " + shown + "); check COGNIGY_API_KEY and that the key's user can read the project");
            }
            if (!answer.isSuccessful()) {
                boolean transientFailure = code == 408 || code == 429 || code >= 500;
                throw new BackendException(transientFailure ? BackendException.Kind.TRANSPORT : BackendException.Kind.REJECTED,
                        "management API answered HTTP " + code + " on " + shown);
            }
            try {
                return json.readTree(answer.body());
            } catch (JacksonException e) {
                throw new BackendException(BackendException.Kind.PROTOCOL, "management API " + shown + " answered something that is not JSON");
            }
        }
    }

    private static void await(Retries retries, Retries.Retry retry) {
        try {
            retries.await(retry);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BackendInterruptedException("reading the bot's schema abandoned while waiting to retry: the waiting thread"
                    + " was interrupted");
        }
    }

    @Override
    public void close() {
        http.close();
    }
}
